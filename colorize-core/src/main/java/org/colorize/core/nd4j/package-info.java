/**
 * Fixes for the ND4J/DL4J 1.0.0-M2.1 runtime that every network of this library relies on (bundles loaded by colorize-core, networks built by colorize-models): the enabler of
 * DL4J's oneDNN layer helpers on the CPU backend ({@link org.colorize.core.nd4j.OneDnnHelpers}).
 */
package org.colorize.core.nd4j;
