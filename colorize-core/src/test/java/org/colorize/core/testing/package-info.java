/**
 * Test support shared by every module's tests (published in the colorize-core test jar): where the
 * real data is, and tiny networks of every model kind.
 */
package org.colorize.core.testing;
