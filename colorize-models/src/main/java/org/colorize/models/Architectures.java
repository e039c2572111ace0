package org.colorize.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every network of this module by architecture id ({@link LabUNet}, the default architecture, then the
 * reference networks in the order of the design table), for tools and metadata that name a network by
 * its id.
 *
 * <pre>{@code
 * GraphArchitecture net = Architectures.builder("lab-beta").seed(7).build();
 * ColorizationArchitecture<?> unet = Architectures.colorization("lab-unet", 7);
 * List<String> ids = Architectures.ids();
 * }</pre>
 */
public final class Architectures {

    private static final Map<String, Supplier<? extends ArchitectureBuilder<?>>> BUILDERS = new LinkedHashMap<>();

    static {
        BUILDERS.put(LabUNet.ID, LabUNet::builder);
        BUILDERS.put(CifarAutoencoder.ID, CifarAutoencoder::builder);
        BUILDERS.put(LabAlphaNet.ID, LabAlphaNet::builder);
        BUILDERS.put(LabBetaNet.ID, LabBetaNet::builder);
        BUILDERS.put(InceptionFusionNet.ID, InceptionFusionNet::builder);
        BUILDERS.put(InceptionResNetV2.ID, InceptionResNetV2::builder);
        BUILDERS.put(DenseAutoencoder.ID, DenseAutoencoder::builder);
    }

    private Architectures() {
    }

    /** @return the ids of every network: {@link LabUNet#ID}, then the reference networks of the design table */
    public static List<String> ids() {
        return List.copyOf(BUILDERS.keySet());
    }

    /**
     * @param id an architecture id, e.g. {@code cifar-autoencoder}
     * @return a new builder of that network with its defaults (the reference ones for a reference
     *     network); cast it to the network's builder for its other options
     * @throws IllegalArgumentException if the id is unknown (the message lists the known ones)
     */
    public static ArchitectureBuilder<?> builder(String id) {
        Supplier<? extends ArchitectureBuilder<?>> s = BUILDERS.get(id);
        if (s == null) {
            throw new IllegalArgumentException("unknown architecture id '" + id + "'; known: " + ids());
        }
        return s.get();
    }

    /**
     * @param id an architecture id
     * @return the network with its defaults
     * @throws IllegalArgumentException if the id is unknown
     */
    public static GraphArchitecture create(String id) {
        return builder(id).build();
    }

    /** @return the ids of the colorization networks: every id but the Inception-ResNet-v2 backbone's */
    public static List<String> colorizationIds() {
        return ids().stream().filter(id -> create(id) instanceof ColorizationArchitecture<?>).toList();
    }

    /**
     * A colorization network by id with its defaults.
     *
     * @param id one of {@link #colorizationIds()}
     * @param seed the weight initialisation seed
     * @return the network
     * @throws IllegalArgumentException if the id is unknown or names a backbone, not a colorization network
     */
    public static ColorizationArchitecture<?> colorization(String id, long seed) {
        if (!(builder(id).seed(seed).build() instanceof ColorizationArchitecture<?> ca)) {
            throw new IllegalArgumentException("'" + id + "' is a backbone, not a colorization network; known: "
                    + colorizationIds());
        }
        return ca;
    }
}
