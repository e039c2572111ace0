package org.colorize.models;

import java.util.Map;
import org.colorize.core.nd4j.OneDnnHelpers;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * An immutable description of a {@link ComputationGraph}: the networks of this module ({@link LabUNet}
 * and the {@link ReferenceNetwork}s), by id in {@link Architectures}. It holds no network:
 * {@link #newNetwork()} creates one, which its caller owns (trains, saves, closes).
 *
 * <pre>{@code
 * GraphArchitecture arch = Architectures.create("lab-beta");
 * long count = arch.parameterCount();                 // without allocating the network
 * ComputationGraph net = arch.newNetwork();           // initialised with the seed
 * }</pre>
 */
public interface GraphArchitecture {

    /** @return the architecture id, e.g. {@code lab-beta} */
    String id();

    /**
     * A new graph builder with every layer of this network, its inputs and its output set; call
     * {@code build()} on it for the configuration, or add layers first (for example a second output).
     * Each call returns a new builder.
     *
     * @return the graph builder
     */
    GraphBuilder graphBuilder();

    /**
     * @return the builder options, with JSON-representable values (numbers, strings, booleans, lists of
     *     them): the architecture parameters of a bundle's metadata
     */
    Map<String, Object> parameters();

    /** @return the configuration of this network (a new object on each call) */
    default ComputationGraphConfiguration configuration() {
        return graphBuilder().build();
    }

    /**
     * @return a new network of this architecture, initialised with its seed (so every call gives the
     *     same weights); the caller owns it. Turns on libnd4j's native convolution helpers
     *     ({@link OneDnnHelpers#enable()}).
     */
    default ComputationGraph newNetwork() {
        OneDnnHelpers.enable();
        ComputationGraph graph = new ComputationGraph(configuration());
        graph.init();
        return graph;
    }

    /**
     * The number of parameters, counted from the configuration without allocating the network, the
     * way {@code ComputationGraph.numParams()} counts them after {@code init()}: trainable weights and
     * biases plus the running mean and variance of batch-normalisation layers (Keras counts those too,
     * as non-trainable parameters).
     *
     * @return the parameter count
     */
    default long parameterCount() {
        return countParameters(configuration());
    }

    /**
     * Counts the parameters of any graph configuration without initialising it.
     *
     * @param conf the configuration
     * @return the sum of the parameters of its vertices
     */
    static long countParameters(ComputationGraphConfiguration conf) {
        long total = 0;
        for (GraphVertex v : conf.getVertices().values()) {
            total += v.numParams(true);
        }
        return total;
    }
}
