/**
 * The command-line options that {@code colorize} (colorize-cli) and {@code colorize spark}
 * (colorize-spark) share, as picocli mixins: {@link org.colorize.options.ModelOption},
 * {@link org.colorize.options.VividnessOption} and {@link org.colorize.options.ImageReadMixin}. Each
 * declares its options once, with one help text and one check whose message names the option.
 */
package org.colorize.options;
