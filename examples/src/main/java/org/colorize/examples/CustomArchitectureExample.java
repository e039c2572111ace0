package org.colorize.examples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.colorize.core.Colorizer;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.color.ColorSpace;
import org.colorize.core.model.LNormalization;
import org.colorize.core.model.ModelKind;
import org.colorize.core.model.WorkingSize;
import org.colorize.core.nd4j.OneDnnHelpers;
import org.colorize.models.ColorizationArchitecture;
import org.colorize.models.KerasDefaults;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * A network of your own in the library: a small U-Net written with plain DL4J, plugged into bundles
 * and the {@link Colorizer} by implementing {@link ColorizationArchitecture}.
 *
 * <p>What it takes: say what the network is ({@link ModelKind#L_TO_AB}: L in, ab/128 out), at which
 * size it sees images (any size whose sides are multiples of 4, here at most 256), and how L is
 * scaled ((L - 50) / 50). The bundle's metadata records all of it, so that {@code Colorizer.of(bundle)}
 * feeds the network correctly and returns a colour image of the input's own size.
 *
 * <pre>{@code
 * TinyUNet unet = new TinyUNet(16);
 * ComputationGraph net = unet.newNetwork();
 * net.fit(...);                                         // any DL4J training
 * ModelBundle.of(net, unet.metadata()).save(Path.of("tiny-unet.zip"));
 * try (Colorizer c = Colorizer.of(ModelBundle.load(Path.of("tiny-unet.zip")))) {
 *     BufferedImage colour = c.colorize(ImageIO.read(file));
 * }
 * }</pre>
 *
 * <p>Run: {@code java ... org.colorize.examples.CustomArchitectureExample [CIFAR_BATCH_FILE] [PHOTO] [OUT_PNG]}:
 * trains for a few steps on 64 CIFAR images, saves the bundle, reloads it, colorizes the photo.
 */
public final class CustomArchitectureExample {

    private CustomArchitectureExample() {
    }

    /**
     * A two-level Lab U-Net: conv f, conv 2f stride 2, conv 4f stride 2, then up-convolutions with skip
     * connections back to full size, and a tanh ab output. Kernel 3, 'same', relu.
     */
    public static final class TinyUNet implements ColorizationArchitecture<ComputationGraph> {

        private final int baseFilters;

        /** @param baseFilters filters of the first level (the others have 2x and 4x); >= 1 */
        public TinyUNet(int baseFilters) {
            if (baseFilters < 1) {
                throw new IllegalArgumentException("baseFilters must be >= 1, was " + baseFilters);
            }
            this.baseFilters = baseFilters;
        }

        @Override
        public String id() {
            return "example-tiny-unet";
        }

        @Override
        public ModelKind kind() {
            return ModelKind.L_TO_AB;
        }

        @Override
        public WorkingSize workingSize() {
            return WorkingSize.adaptive(4, 256);
        }

        @Override
        public LNormalization lNormalization() {
            return LNormalization.SYMMETRIC;
        }

        @Override
        public Map<String, Object> parameters() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("baseFilters", baseFilters);
            return p;
        }

        @Override
        public ComputationGraph newNetwork() {
            OneDnnHelpers.enable(); // optional: faster convolutions on the CPU
            ComputationGraph n = new ComputationGraph(configuration());
            n.init();
            return n;
        }

        private ComputationGraphConfiguration configuration() {
            int f = baseFilters;
            return new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                    .weightInit(WeightInit.XAVIER_UNIFORM).updater(KerasDefaults.adam())
                    .activation(Activation.RELU).convolutionMode(ConvolutionMode.Same)
                    .graphBuilder()
                    .addInputs("input").setInputTypes(InputType.convolutional(32, 32, 1))
                    .addLayer("enc1", conv(f, 1), "input")
                    .addLayer("enc2", conv(2 * f, 2), "enc1")
                    .addLayer("enc3", conv(4 * f, 2), "enc2")
                    .addLayer("up2", new Upsampling2D.Builder(2).build(), "enc3")
                    .addLayer("dec2", conv(2 * f, 1), "up2")
                    .addVertex("skip2", new MergeVertex(), "dec2", "enc2")
                    .addLayer("dec2b", conv(2 * f, 1), "skip2")
                    .addLayer("up1", new Upsampling2D.Builder(2).build(), "dec2b")
                    .addLayer("dec1", conv(f, 1), "up1")
                    .addVertex("skip1", new MergeVertex(), "dec1", "enc1")
                    .addLayer("dec1b", conv(f, 1), "skip1")
                    .addLayer("ab", new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.TANH).build(), "dec1b")
                    .addLayer("output", new CnnLossLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).build(), "ab")
                    .setOutputs("output")
                    .build();
        }

        private static ConvolutionLayer conv(int filters, int stride) {
            return new ConvolutionLayer.Builder(3, 3).stride(stride, stride).nOut(filters).build();
        }
    }

    /**
     * Reads CIFAR-10 records as training pairs for an L-to-ab network: L normalised as the
     * architecture says, ab / 128.
     *
     * @param batchFile a CIFAR-10 binary batch (3,073 bytes a record)
     * @param count how many records, from the start
     * @param norm the L normalisation
     * @return features [count,1,32,32] and labels [count,2,32,32]
     * @throws IOException if the file cannot be read or is too short
     */
    public static MultiDataSet cifarLab(Path batchFile, int count, LNormalization norm) throws IOException {
        byte[] buf = new byte[3073 * count];
        try (InputStream in = Files.newInputStream(batchFile)) {
            if (in.readNBytes(buf, 0, buf.length) != buf.length) {
                throw new IOException(batchFile + " holds fewer than " + count + " CIFAR records");
            }
        }
        float[] rgb = new float[count * 1024 * 3];
        for (int r = 0; r < count; r++) {
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 1024; p++) {
                    rgb[(r * 1024 + p) * 3 + c] = (buf[r * 3073 + 1 + c * 1024 + p] & 0xff) / 255f;
                }
            }
        }
        float[] lab = ColorSpace.RGB.to(ColorSpace.LAB, rgb);
        INDArray nchw = Nd4j.create(lab, new long[] {count, 32, 32, 3}, 'c').permute(0, 3, 1, 2).dup('c');
        INDArray l = nchw.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1)).dup()
                .subi(norm.offset()).divi(norm.scale());
        INDArray ab = nchw.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3)).div(128);
        return new MultiDataSet(new INDArray[] {l}, new INDArray[] {ab});
    }

    /**
     * Trains a {@link TinyUNet} for a few steps, saves its bundle, and loads it back.
     *
     * @param cifarBatch a CIFAR-10 binary batch
     * @param bundleFile where to save the bundle
     * @param steps training steps on 64 images
     * @return the reloaded bundle
     * @throws IOException if data or bundle cannot be read or written
     */
    public static ModelBundle trainAndSave(Path cifarBatch, Path bundleFile, int steps) throws IOException {
        TinyUNet unet = new TinyUNet(16);
        MultiDataSet data = cifarLab(cifarBatch, 64, unet.lNormalization());
        ComputationGraph net = unet.newNetwork();
        for (int i = 0; i < steps; i++) {
            net.fit(data);
        }
        ModelBundle.of(net, unet.metadata()).save(bundleFile);
        return ModelBundle.load(bundleFile);
    }

    /**
     * @param args CIFAR batch file, photo, output PNG (defaults under ../shared/data and ./)
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path cifar = Path.of(args.length > 0 ? args[0] : "../shared/data/cifar-10/data_batch_1.bin");
        Path photo = Path.of(args.length > 1 ? args[1] : "../shared/data/photos/unsplash/woman.png");
        Path out = Path.of(args.length > 2 ? args[2] : "tiny-unet-colorized.png");
        ModelBundle bundle = trainAndSave(cifar, Path.of("tiny-unet.zip"), 20);
        try (Colorizer colorizer = Colorizer.of(bundle)) {
            BufferedImage colour = colorizer.colorize(ImageIO.read(photo.toFile()));
            ImageIO.write(colour, "png", out.toFile());
            System.out.println("wrote " + out.toAbsolutePath() + " (" + colour.getWidth() + "x" + colour.getHeight() + ")");
        }
    }
}
