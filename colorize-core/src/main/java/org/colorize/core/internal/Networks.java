package org.colorize.core.internal;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.WeakHashMap;
import org.colorize.core.layers.DirectInference;
import org.colorize.core.layers.DnnlInference;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inference on either kind of DL4J network through one call. Calls on the same network are
 * serialised (DL4J networks are not safe for concurrent forward passes in every version).
 *
 * <p>A {@link ComputationGraph} made of colorize's oneDNN layers (and the few DL4J vertices it covers)
 * runs through {@link DnnlInference} (oneDNN called directly: primitives and packed weights kept per
 * network and input shape); failing that through {@link DirectInference} (libnd4j's ops without DL4J's
 * per-call graph machinery; output arrays kept per network between calls); any other network, or input
 * neither covers, through DL4J's {@code output()}. Each path has its switch ({@value
 * DnnlInference#ENABLED_PROPERTY}, {@value DirectInference#ENABLED_PROPERTY}).
 *
 * <p>Not API: public for colorize's other modules only (see {@link org.colorize.core.internal}).
 */
public final class Networks {

    /** Per graph: its direct path, or empty when the graph is not covered. Weak keys: graphs are not kept. */
    private static final Map<ComputationGraph, Optional<DirectInference>> DIRECT =
            Collections.synchronizedMap(new WeakHashMap<>());

    /** Per graph: its oneDNN path, or empty when the graph is not covered. Weak keys; JavaCPP frees the natives. */
    private static final Map<ComputationGraph, Optional<DnnlInference>> DNNL =
            Collections.synchronizedMap(new WeakHashMap<>());

    private Networks() {
    }

    /**
     * Tells the inference paths that {@code network}'s parameters changed in a way they may not see (see
     * {@link DnnlInference}: training, {@code setParams} and loading are seen; a single weight set by hand
     * may not be).
     *
     * @param network any network (others than a ComputationGraph are ignored)
     */
    public static void invalidate(Model network) {
        if (network instanceof ComputationGraph cg) {
            Optional<DnnlInference> d = DNNL.get(cg);
            if (d != null) {
                synchronized (cg) {
                    d.ifPresent(DnnlInference::invalidate);
                }
            }
        }
    }

    /**
     * Runs a forward pass in inference mode.
     *
     * @param network a {@link MultiLayerNetwork} or {@link ComputationGraph}
     * @param inputs one input array per network input (a MultiLayerNetwork takes exactly one)
     * @return the outputs, detached from any workspace
     */
    public static INDArray[] output(Model network, INDArray... inputs) {
        Objects.requireNonNull(network, "network");
        synchronized (network) {
            if (network instanceof MultiLayerNetwork mln) {
                if (inputs.length != 1) {
                    throw new IllegalArgumentException("a MultiLayerNetwork takes 1 input, got " + inputs.length);
                }
                return new INDArray[] {mln.output(inputs[0], false)};
            }
            if (network instanceof ComputationGraph cg) {
                int expected = cg.getConfiguration().getNetworkInputs().size();
                if (inputs.length != expected) {
                    throw new IllegalArgumentException("this ComputationGraph takes " + expected + " inputs "
                            + cg.getConfiguration().getNetworkInputs() + ", got " + inputs.length);
                }
                if (DnnlInference.enabled()) {
                    INDArray[] out = dnnl(cg).map(d -> d.output(cg, inputs)).orElse(null);
                    if (out != null) {
                        return out;
                    }
                }
                if (DirectInference.enabled()) {
                    INDArray[] out = direct(cg).map(d -> d.output(cg, inputs)).orElse(null);
                    if (out != null) {
                        return out;
                    }
                }
                return cg.output(false, inputs);
            }
        }
        throw new IllegalArgumentException("network must be a MultiLayerNetwork or ComputationGraph, was "
                + network.getClass().getName());
    }

    private static Optional<DnnlInference> dnnl(ComputationGraph cg) {
        if (cg.getVertices() == null) {
            return Optional.empty(); // not initialised: DL4J's output() says so
        }
        return DNNL.computeIfAbsent(cg, g -> Optional.ofNullable(DnnlInference.of(g)));
    }

    private static Optional<DirectInference> direct(ComputationGraph cg) {
        if (cg.getVertices() == null) {
            return Optional.empty(); // not initialised: DL4J's output() says so
        }
        return DIRECT.computeIfAbsent(cg, g -> Optional.ofNullable(DirectInference.of(g)));
    }
}
