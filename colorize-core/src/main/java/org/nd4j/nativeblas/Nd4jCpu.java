package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * A bridge that lets DL4J 1.0.0-M2.1 find the oneDNN switch of the ND4J CPU backend.
 *
 * <p>DL4J's {@code BaseMKLDNNHelper.mklDnnEnabled()} looks up, by reflection,
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()}. The M2.1 CPU backend
 * ships that environment as {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} with
 * {@code isUseONEDNN()} instead, so the lookup fails, DL4J marks the check as failed for the life of
 * the JVM, and no oneDNN layer helper is ever created. This class supplies the name DL4J looks for and
 * answers with the backend's real switch. It is not meant to be used directly; see
 * {@link org.colorize.core.nd4j.OneDnnHelpers}.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    /** The environment DL4J asks whether oneDNN is in use. */
    public static final class Environment {

        private static final String BACKEND_ENVIRONMENT =
                "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        /** @return the one instance */
        public static Environment getInstance() {
            return INSTANCE;
        }

        /**
         * @return whether the CPU backend uses oneDNN; false when the backend is not the CPU backend of
         *     M2.1 (reflection keeps this class loadable with any backend)
         */
        public boolean isUseMKLDNN() {
            try {
                Class<?> env = Class.forName(BACKEND_ENVIRONMENT);
                Object instance = env.getMethod("getInstance").invoke(null);
                Method use = env.getMethod("isUseONEDNN");
                return (Boolean) use.invoke(instance);
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                return false;
            }
        }
    }
}
