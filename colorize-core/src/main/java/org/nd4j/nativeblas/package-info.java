/**
 * A compatibility class for DL4J 1.0.0-M2.1 that must live in this package (which ND4J's native API
 * also uses): DL4J looks up {@code org.nd4j.nativeblas.Nd4jCpu$Environment} by name to decide whether
 * its oneDNN layer helpers may run, and M2.1 no longer ships that class. See
 * {@link org.nd4j.nativeblas.Nd4jCpu}.
 */
package org.nd4j.nativeblas;
