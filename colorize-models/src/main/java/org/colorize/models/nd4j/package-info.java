/**
 * Fixes for the ND4J/DL4J 1.0.0-M2.1 runtime that the networks of this module rely on: the enabler of
 * DL4J's oneDNN layer helpers on the CPU backend ({@link org.colorize.models.nd4j.OneDnnHelpers}).
 */
package org.colorize.models.nd4j;
