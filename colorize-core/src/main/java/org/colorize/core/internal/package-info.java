/**
 * Helpers that colorize's own modules share but that are not part of its API: they may change or go
 * away in any release. {@link org.colorize.core.internal.Networks} runs a forward pass on either kind
 * of DL4J network; {@link org.colorize.core.internal.AtomicFiles} writes files that readers never see
 * half written.
 *
 * <p>They are public only because other colorize modules (data, training, cli, examples) use them;
 * applications should not.
 */
package org.colorize.core.internal;
