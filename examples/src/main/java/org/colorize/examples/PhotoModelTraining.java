package org.colorize.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import org.colorize.core.ColorizationPipeline;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.encoding.AbBinsEncoding;
import org.colorize.core.encoding.AbHistogram;
import org.colorize.core.internal.AtomicFiles;
import org.colorize.data.ColorizationData;
import org.colorize.data.ColorizationIterator;
import org.colorize.data.Fit;
import org.colorize.data.source.FolderSource;
import org.colorize.data.source.ImageSource;
import org.colorize.data.augment.Resize;
import org.colorize.data.source.RgbImage;
import org.colorize.models.LabUNet;
import org.colorize.training.Trainer;
import org.colorize.training.eval.Evaluation;
import org.colorize.training.eval.EvaluationReport;

/**
 * Trains the photo default model: a {@link LabUNet} with a classification head over quantised ab
 * ({@link AbBinsEncoding}, Zhang et al. 2016) on real photographs, resumable across runs.
 *
 * <ul>
 *   <li>Split: a photo is in validation when the CRC-32 of its path relative to the photo folder is
 *       divisible by 16 (about 6%); the rest is training. Validation photos are never trained on.</li>
 *   <li>Bins: counted on the training photos once, at the labels' resolution, and kept in
 *       {@code RUN/bins.json}, so that a resumed run uses the same bins.</li>
 *   <li>Each "epoch" is {@code BATCHES} batches (a few minutes), then a checkpoint in {@code RUN/checkpoints}
 *       and a line of validation metrics (colourfulness ratio, mean per-image PSNR against the gray floor)
 *       in {@code RUN/validation.csv}.</li>
 * </ul>
 *
 * <p>Run: {@code java -cp ... org.colorize.examples.PhotoModelTraining PHOTOS RUN [EPOCHS] [CROP] [BATCH]
 * [BATCHES] [BASE_FILTERS] [DEPTH] [BOTTLENECK] [LR_STEPS] [CIFAR_FILE:COUNT]}; running it again resumes.
 * With {@code CIFAR_FILE:COUNT} the first COUNT pictures of a CIFAR-10 batch file join the training photos
 * (each enlarged whole to the crop size, as {@link Fit#RANDOM_CROP} does with pictures smaller than the crop),
 * so the model also sees thumbnails; give it from the epoch you want them in, and keep it when resuming. {@code LR_STEPS} is a
 * step schedule {@code EPOCH:RATE,...}, e.g. {@code 1:1e-3,11:3e-4,21:1e-4} (default {@code 1:1e-3}): each
 * rate holds from its epoch on, resumed runs included. At the end it writes {@code RUN/model.zip} (no
 * updater state).
 */
public final class PhotoModelTraining {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PhotoModelTraining() {
    }

    /**
     * @param args photo folder, run folder, epochs (default 400), crop (128), batch (16), batches per
     *     epoch (60), base filters (32), depth (3), bottleneck convolutions (2), learning rate steps
     *     ({@code 1:1e-3})
     * @throws IOException if photos or checkpoints cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path photos = Path.of(args.length > 0 ? args[0] : "../shared/data/photos-train");
        Path run = Path.of(args.length > 1 ? args[1] : "runs/photo");
        int epochs = arg(args, 2, 400);
        int crop = arg(args, 3, 128);
        int batch = arg(args, 4, 16);
        int batches = arg(args, 5, 60);
        int base = arg(args, 6, 32);
        int depth = arg(args, 7, 3);
        int bottleneck = arg(args, 8, 2);
        java.util.NavigableMap<Integer, Double> steps = steps(args.length > 9 ? args[9] : "1:1e-3");
        Files.createDirectories(run);
        FolderSource all = FolderSource.open(photos);
        List<Integer> trainIdx = new ArrayList<>(), valIdx = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            (isValidation(photos, all.file(i)) ? valIdx : trainIdx).add(i);
        }
        ImageSource train = all.subset(trainIdx.stream().mapToInt(Integer::intValue).toArray());
        String cifarMix = args.length > 10 ? args[10] : null;
        Path cifarFile = null;
        if (cifarMix != null) {
            int colon = cifarMix.lastIndexOf(':');
            cifarFile = Path.of(cifarMix.substring(0, colon));
            org.colorize.data.source.CifarSource cifar = org.colorize.data.source.CifarSource.open(cifarFile);
            int n = Math.min(cifar.size(), Integer.parseInt(cifarMix.substring(colon + 1)));
            train = ImageSource.concat(train, cifar.range(0, n));
            System.out.printf(Locale.ROOT, "plus %d CIFAR-10 pictures of %s%n", n, cifarFile);
        }
        ImageSource validation = all.subset(valIdx.stream().mapToInt(Integer::intValue).toArray());
        System.out.printf(Locale.ROOT, "%d photos: %d train, %d validation%n", all.size(), train.size(), validation.size());

        AbBinsEncoding bins = bins(run.resolve("bins.json"), train);
        System.out.println("encoding " + bins);
        LabUNet unet = LabUNet.builder().baseFilters(base).depth(depth).bottleneck(bottleneck).bins(bins)
                .trainingSize(crop).maxWorkingSide(256).seed(20261128).build();
        ColorizationData trainData = ColorizationData.builder().source(train).forModel(unet.metadata())
                .size(crop, crop).fit(Fit.RANDOM_CROP).grayInput(true).augment(a -> a.horizontalFlip())
                .batchSize(batch).seed(11).workers(1).build();
        List<BufferedImage> valImages = new ArrayList<>();
        for (int i = 0; i < Math.min(96, validation.size()); i++) {
            valImages.add(validation.get(i).image().toBufferedImage());
        }
        Path valCsv = run.resolve("validation.csv");
        if (!Files.exists(valCsv)) {
            Files.writeString(valCsv, "epoch,time,train_loss,colourfulness_ratio,psnr_mean,psnr_gray,"
                    + "colourfulness_ratio_T1,psnr_mean_T1\n");
        }
        try (ColorizationIterator trainIt = trainData.iterator()) {
            // the network is ours, so that the listener validates the one being trained
            ModelBundle model = ModelBundle.of(unet.newNetwork(), unet.metadata());
            ModelBundle best = Trainer.builder(model).train(trainIt).epochs(epochs).batchesPerEpoch(batches)
                    .checkpointDir(run.resolve("checkpoints")).progress(false)
                    .learningRateSchedule(e -> steps.floorEntry(e).getValue())
                    .provenance("learningRateSteps", steps.toString())
                    .provenance("trainingData", "photos-train (" + trainIdx.size() + " photos: Caltech-101, Intel scenes,"
                            + " flowers, SUN, COCO), random " + crop + "x" + crop + " crops, horizontal flips, 8-bit gray input"
                            + (cifarFile == null ? "" : "; plus " + (train.size() - trainIdx.size()) + " CIFAR-10 pictures ("
                                    + cifarFile.getFileName() + ") enlarged whole to " + crop + "x" + crop))
                    .provenance("validationData", "photos-train, the " + validation.size()
                            + " photos whose relative path's CRC-32 is divisible by 16 (never trained on)")
                    .provenance("batch", batch)
                    .listener(r -> {
                        try {
                            Files.writeString(valCsv, validate(model, bins, valImages, r.epoch(), r.trainLoss()),
                                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .build().fit();
            best.save(run.resolve("model.zip"), false);
        }
    }

    /** Parses {@code EPOCH:RATE,...}; the first step must start at epoch 1. */
    static java.util.NavigableMap<Integer, Double> steps(String spec) {
        java.util.NavigableMap<Integer, Double> m = new java.util.TreeMap<>();
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split(":");
            if (kv.length != 2) {
                throw new IllegalArgumentException("learning rate step '" + part + "' is not EPOCH:RATE");
            }
            double rate = Double.parseDouble(kv[1]);
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("learning rate step '" + part + "' needs a positive rate");
            }
            m.put(Integer.parseInt(kv[0].trim()), rate);
        }
        if (m.isEmpty() || m.firstKey() != 1) {
            throw new IllegalArgumentException("learning rate steps '" + spec + "' must start at epoch 1");
        }
        return m;
    }

    private static int arg(String[] args, int i, int dflt) {
        return args.length > i ? Integer.parseInt(args[i]) : dflt;
    }

    /** The validation split: CRC-32 of the relative path divisible by 16. */
    static boolean isValidation(Path root, Path file) {
        CRC32 crc = new CRC32();
        crc.update(root.relativize(file).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
        return crc.getValue() % 16 == 0;
    }

    /** The bins of the run: read from its file, or counted on the training photos and written there. */
    @SuppressWarnings("unchecked")
    private static AbBinsEncoding bins(Path file, ImageSource train) throws IOException {
        if (Files.exists(file)) {
            return AbBinsEncoding.fromParameters(JSON.readValue(file.toFile(), Map.class));
        }
        AbHistogram h = new AbHistogram(10);
        int stride = 4;
        for (int i = 0; i < train.size(); i++) {
            RgbImage img;
            try {
                img = train.get(i).image();
            } catch (RuntimeException e) {
                continue;
            }
            int w = img.width() / stride, hh = img.height() / stride;
            if (w < 1 || hh < 1) {
                continue;
            }
            // the mean of each stride x stride block (area average by a whole factor)
            float[] rgb = Resize.rgb(img, 0, 0, w * stride, hh * stride, w, hh);
            h.addRgb(rgb, w * hh);
        }
        AbBinsEncoding enc = AbBinsEncoding.builder(h).outputStride(stride).minCount(Math.max(1, h.total() / 2_000_000))
                .build();
        Map<String, Object> p = new LinkedHashMap<>(enc.parameters());
        byte[] bytes = JSON.writeValueAsBytes(p);
        AtomicFiles.write(file, out -> out.write(bytes));
        return enc;
    }

    private static String validate(ModelBundle b, AbBinsEncoding bins, List<BufferedImage> images, int epoch,
            double trainLoss) {
        try {
            // not closed: the network is the one being trained
            ColorizationPipeline c = ColorizationPipeline.borrowing(b, 8, 1f);
            EvaluationReport r = Evaluation.of(c).images(images).run();
            ColorizationPipeline c1 = ColorizationPipeline.borrowing(b, 8, 0f);
            EvaluationReport r1 = Evaluation.of(c1).images(images).run();
            String line = String.format(Locale.ROOT, "%d,%s,%.5f,%.4f,%.3f,%.3f,%.4f,%.3f%n", epoch, Instant.now(),
                    trainLoss, r.model().colourfulness() / r.truth().colourfulness(), r.model().psnrMean(),
                    r.gray().psnrMean(), r1.model().colourfulness() / r1.truth().colourfulness(),
                    r1.model().psnrMean());
            System.out.print("validation " + line);
            return line;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
