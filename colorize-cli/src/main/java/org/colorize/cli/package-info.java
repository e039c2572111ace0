/**
 * The {@code colorize} command-line tool ({@link org.colorize.cli.ColorizeCli}): colorize files
 * and folders, list models, train, evaluate and benchmark.
 */
package org.colorize.cli;
