package org.colorize.core.nd4j;

import java.util.concurrent.atomic.AtomicBoolean;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns on DL4J's oneDNN (MKL-DNN) layer helpers on the CPU backend.
 *
 * <p>In DL4J 1.0.0-M2.1 the helpers, which run convolution, pooling and batch normalisation through
 * libnd4j's oneDNN kernels instead of DL4J's Java im2col path, never engage for two reasons:
 * <ol>
 *   <li>helper creation is off unless the system property {@value #DL4J_DISABLE_PROPERTY} is
 *       {@code false} (its default is {@code true});</li>
 *   <li>even then, {@code BaseMKLDNNHelper} asks {@code org.nd4j.nativeblas.Nd4jCpu$Environment}
 *       whether oneDNN is in use, a class the M2.1 native backend no longer has; this module supplies
 *       it ({@link org.nd4j.nativeblas.Nd4jCpu}).</li>
 * </ol>
 * {@link #enable()} sets the property (unless the user set it) and checks that DL4J now sees oneDNN.
 * Every network builder of this module calls it, so users need not. The property is read when a
 * layer is created, so networks created before the call keep the plain path.
 *
 * <p>What the helpers run depends on the ND4J binary: they call libnd4j's {@code conv2d},
 * {@code maxpool2d}, ... ops, which use oneDNN only in a oneDNN build of ND4J (classifier
 * {@code linux-x86_64-onednn}, build information {@code HAVE_ONEDNN}); the plain {@code linux-x86_64}
 * binary has no oneDNN and runs libnd4j's own C++ kernels, still faster than DL4J's Java im2col path
 * (a 3x3 convolution 128 -> 64 channels at 32x32, batch 32, forward: 587 ms plain path, 227 ms with the
 * helper and the plain binary, about 30 ms with the oneDNN binary; 2 cores). DL4J removes its
 * batch-normalisation helper when gamma and beta are locked. Outputs equal the plain path to 1e-5.
 *
 * <p>To keep the plain path, run with {@code -D}{@value #OPT_OUT_PROPERTY}{@code =false} or
 * {@code -D}{@value #DL4J_DISABLE_PROPERTY}{@code =true}.
 *
 * <pre>{@code
 * boolean on = OneDnnHelpers.enable();   // idempotent, cheap after the first call
 * }</pre>
 */
public final class OneDnnHelpers {

    /** The DL4J system property that disables layer helpers; its default in M2.1 is {@code true}. */
    public static final String DL4J_DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";
    /** Set this system property to {@code false} to stop this library from enabling helpers. */
    public static final String OPT_OUT_PROPERTY = "colorize.onednn";

    private static final Logger LOG = LoggerFactory.getLogger(OneDnnHelpers.class);
    private static final AtomicBoolean DONE = new AtomicBoolean();
    private static volatile boolean engaged;

    private OneDnnHelpers() {
    }

    /**
     * Enables the oneDNN helpers for networks created from now on, unless the user opted out.
     * Idempotent and thread-safe; logs once at debug level whether the helpers engage.
     *
     * @return whether DL4J will create oneDNN helpers for new layers
     */
    public static boolean enable() {
        if (DONE.get()) {
            return engaged;
        }
        synchronized (OneDnnHelpers.class) {
            if (DONE.get()) {
                return engaged;
            }
            boolean optedOut = "false".equalsIgnoreCase(System.getProperty(OPT_OUT_PROPERTY, "true"));
            if (!optedOut && System.getProperty(DL4J_DISABLE_PROPERTY) == null) {
                System.setProperty(DL4J_DISABLE_PROPERTY, "false");
            }
            engaged = check();
            if (engaged) {
                LOG.debug("oneDNN layer helpers engaged (DL4J sees oneDNN in use, {}={})", DL4J_DISABLE_PROPERTY,
                        System.getProperty(DL4J_DISABLE_PROPERTY));
            } else {
                LOG.debug("oneDNN layer helpers not engaged: optedOut={}, {}={}, DL4J oneDNN check={}", optedOut,
                        DL4J_DISABLE_PROPERTY, System.getProperty(DL4J_DISABLE_PROPERTY), safeMklDnnEnabled());
            }
            DONE.set(true);
            return engaged;
        }
    }

    /**
     * @return whether networks created now get oneDNN helpers: the helpers are not disabled by
     *     property and DL4J's oneDNN check passes (CPU backend with oneDNN)
     */
    public static boolean isEngaged() {
        boolean disabled = Boolean.parseBoolean(System.getProperty(DL4J_DISABLE_PROPERTY, "true"));
        return !disabled && safeMklDnnEnabled();
    }

    private static boolean check() {
        return isEngaged();
    }

    private static boolean safeMklDnnEnabled() {
        try {
            return BaseMKLDNNHelper.mklDnnEnabled();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
