/**
 * The {@code colorize} command-line tool ({@link org.colorize.examples.cli.ColorizeCli}): colorize files
 * and folders, list models, train, evaluate and benchmark.
 */
package org.colorize.examples.cli;
