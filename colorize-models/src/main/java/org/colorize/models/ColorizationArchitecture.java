package org.colorize.models;

import java.util.Map;
import java.util.Optional;
import org.colorize.core.bundle.EmbedderSpec;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.bundle.ModelMetadata;
import org.colorize.core.encoding.AbBinsEncoding;
import org.colorize.core.model.LNormalization;
import org.colorize.core.model.ModelKind;
import org.colorize.core.model.WorkingSize;
import org.deeplearning4j.nn.api.Model;

/**
 * A colorization network and what the pipeline needs to know to feed it: implement this to plug a
 * network of your own into training, {@link ModelBundle}s and {@code Colorizer}.
 *
 * <p>Only {@link #id()}, {@link #kind()}, {@link #newNetwork()} and {@link #workingSize()} are required;
 * the other methods have the defaults of the reference networks (one input channel, raw L, ab/128, no
 * embedder, no parameters). Every reference network of this module implements it.
 *
 * <pre>{@code
 * ColorizationArchitecture<ComputationGraph> arch = LabBetaNet.builder().build();
 * ComputationGraph net = arch.newNetwork();        // yours: train it, then
 * ModelBundle bundle = ModelBundle.of(net, arch.metadata());
 * bundle.save(Path.of("beta.zip"));
 * try (Colorizer colorizer = Colorizer.of(bundle)) { ... }
 * }</pre>
 *
 * <p>The network's contract depends on the kind: {@link ModelKind#GRAY_TO_RGB} takes gray [N,C,H,W]
 * in [0,1] (C = {@link #inputChannels()}) and gives RGB [N,3,H,W] in [0,1]; {@link ModelKind#L_TO_AB}
 * takes L [N,1,H,W] normalised by {@link #lNormalization()} and gives ab/{@link #abScale()} [N,2,H,W];
 * {@link ModelKind#L_EMBEDDING_TO_AB} takes that L and the embedding [N,E] as its second input.
 *
 * @param <N> the type of DL4J network: {@code ComputationGraph} or {@code MultiLayerNetwork}
 */
public interface ColorizationArchitecture<N extends Model> {

    /** @return the architecture id recorded in the metadata, e.g. {@code lab-beta}; not blank */
    String id();

    /** @return what the network takes and gives */
    ModelKind kind();

    /**
     * @return a new, initialised network on each call, owned by the caller (the architecture is an
     *     immutable description and keeps no network); the same seed gives the same weights
     */
    N newNetwork();

    /** @return the size at which the network sees an image */
    WorkingSize workingSize();

    /** @return the channels of the image input: 1, or 3 for gray replicated to RGB; default 1 */
    default int inputChannels() {
        return 1;
    }

    /** @return how L is scaled for Lab networks; default {@link LNormalization#RAW} (L in [0,100]) */
    default LNormalization lNormalization() {
        return LNormalization.RAW;
    }

    /** @return the factor from the network's ab output to a and b; default 128 */
    default float abScale() {
        return 128f;
    }

    /** @return the embedder a fusion network expects; default none */
    default Optional<EmbedderSpec> embedderSpec() {
        return Optional.empty();
    }

    /**
     * @return the bins of a {@link ModelKind#L_TO_AB_BINS} network (its classification encoding);
     *     default none
     */
    default Optional<AbBinsEncoding> bins() {
        return Optional.empty();
    }

    /**
     * @return the builder parameters of the architecture, with JSON-representable values (numbers,
     *     strings, booleans, lists of them); default empty
     */
    default Map<String, Object> parameters() {
        return Map.of();
    }

    /** @return the metadata of this architecture, for a {@link ModelBundle} */
    default ModelMetadata metadata() {
        ModelMetadata.Builder b = ModelMetadata.builder(kind(), workingSize())
                .architecture(id())
                .architectureParams(parameters())
                .inputChannels(inputChannels())
                .lNormalization(lNormalization())
                .abScale(abScale());
        embedderSpec().ifPresent(b::embedder);
        bins().ifPresent(b::bins);
        return b.build();
    }

    /**
     * @return a bundle of a {@link #newNetwork()} (untrained) and {@link #metadata()}; a trained
     *     network is bundled with {@code ModelBundle.of(network, metadata())}. A fusion network's bundle
     *     still needs its embedding network ({@link ModelBundle#withEmbedder(Model)})
     */
    default ModelBundle bundle() {
        return ModelBundle.of(newNetwork(), metadata());
    }
}
