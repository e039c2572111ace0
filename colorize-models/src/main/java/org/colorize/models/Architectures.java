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

    /**
     * @return the ids of every colorization network: {@link LabUNet#ID} (the default architecture) and
     *     the reference networks that colorize (not the Inception-ResNet-v2 backbone)
     */
    public static List<String> colorizationIds() {
        List<String> ids = new java.util.ArrayList<>();
        ids.add(LabUNet.ID);
        BUILDERS.keySet().stream().filter(id -> !id.equals(InceptionResNetV2.ID)).forEach(ids::add);
        return List.copyOf(ids);
    }

    /**
     * A colorization network by id with its defaults: {@link LabUNet} or a reference network.
     *
     * @param id one of {@link #colorizationIds()}
     * @param seed the weight initialisation seed
     * @return the network
     * @throws IllegalArgumentException if the id is unknown or names a backbone, not a colorization network
     */
    public static ColorizationArchitecture<?> colorization(String id, long seed) {
        if (id.equals(LabUNet.ID)) {
            return LabUNet.builder().seed(seed).build();
        }
        if (!BUILDERS.containsKey(id)) {
            throw new IllegalArgumentException("unknown architecture id '" + id + "'; known: " + colorizationIds());
        }
        ReferenceNetwork net = builder(id).seed(seed).build();
        if (!(net instanceof ColorizationArchitecture<?> ca)) {
            throw new IllegalArgumentException("'" + id + "' is a backbone, not a colorization network; known: "
                    + colorizationIds());
        }
        return ca;
    }
}
