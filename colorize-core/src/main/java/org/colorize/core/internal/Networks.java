package org.colorize.core.internal;

import java.util.Objects;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inference on either kind of DL4J network through one call. Calls on the same network are
 * serialised (DL4J networks are not safe for concurrent forward passes in every version).
 *
 * <p>Not API: public for colorize's other modules only (see {@link org.colorize.core.internal}).
 */
public final class Networks {

    private Networks() {
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
                return cg.output(false, inputs);
            }
        }
        throw new IllegalArgumentException("network must be a MultiLayerNetwork or ComputationGraph, was "
                + network.getClass().getName());
    }
}
