package org.colorize.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The reference networks by architecture id, for tools and metadata that name a network by its id.
 *
 * <pre>{@code
 * ReferenceNetwork net = Architectures.builder("lab-beta").seed(7).build();
 * List<String> ids = Architectures.ids();
 * }</pre>
 */
public final class Architectures {

    private static final Map<String, Supplier<? extends ReferenceNetwork.Builder<?, ?>>> BUILDERS = new LinkedHashMap<>();

    static {
        BUILDERS.put(CifarAutoencoder.ID, CifarAutoencoder::builder);
        BUILDERS.put(LabAlphaNet.ID, LabAlphaNet::builder);
        BUILDERS.put(LabBetaNet.ID, LabBetaNet::builder);
        BUILDERS.put(InceptionFusionNet.ID, InceptionFusionNet::builder);
        BUILDERS.put(InceptionResNetV2.ID, InceptionResNetV2::builder);
        BUILDERS.put(DenseAutoencoder.ID, DenseAutoencoder::builder);
    }

    private Architectures() {
    }

    /** @return the ids of the reference networks, in the order of the design table */
    public static List<String> ids() {
        return List.copyOf(BUILDERS.keySet());
    }

    /**
     * @param id an architecture id, e.g. {@code cifar-autoencoder}
     * @return a new builder of that network with the reference defaults
     * @throws IllegalArgumentException if the id is unknown (the message lists the known ones)
     */
    public static ReferenceNetwork.Builder<?, ?> builder(String id) {
        Supplier<? extends ReferenceNetwork.Builder<?, ?>> s = BUILDERS.get(id);
        if (s == null) {
            throw new IllegalArgumentException("unknown architecture id '" + id + "'; known: " + ids());
        }
        return s.get();
    }

    /**
     * @param id an architecture id
     * @return the network with the reference defaults
     * @throws IllegalArgumentException if the id is unknown
     */
    public static ReferenceNetwork create(String id) {
        return builder(id).build();
    }
}
