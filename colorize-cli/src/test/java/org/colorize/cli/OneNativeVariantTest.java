package org.colorize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.Test;

/**
 * Exactly one build of ND4J's natives on the CLI's classpath (the same dependencies as target/lib): the
 * oneDNN one. With the plain linux-x86_64 build beside it, which one JavaCPP loads depends on its unpack
 * cache (issue 16).
 */
class OneNativeVariantTest {

    @Test
    void onlyTheOneDnnNativesAreOnTheClasspathAndTheyAreTheOnesLoaded() {
        List<String> natives = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(p -> new File(p).getName())
                .filter(n -> n.matches("nd4j-native-[0-9].*-(linux|windows|macosx)-[a-z0-9_]+(-[a-z]+)?\\.jar"))
                .toList();
        assertEquals(1, natives.size(), "one native build, was " + natives);
        assertTrue(natives.get(0).endsWith("-onednn.jar"), natives.get(0));
        String buildInfo = Nd4j.getExecutioner().getEnvironmentInformation().toString()
                + Nd4j.getEnvironment().toString();
        assertTrue(org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("ONEDNN"),
                "the loaded natives were built with oneDNN: " + buildInfo);
    }
}
