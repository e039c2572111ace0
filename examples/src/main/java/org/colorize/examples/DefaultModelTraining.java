package org.colorize.examples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.colorize.core.Colorizer;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.training.eval.ComparisonGrid;
import org.colorize.training.eval.Evaluation;
import org.colorize.training.eval.EvaluationReport;
import org.colorize.data.ColorizationData;
import org.colorize.data.ColorizationIterator;
import org.colorize.data.source.CifarSource;
import org.colorize.data.source.ImageSource;
import org.colorize.models.LabUNet;
import org.colorize.training.Trainer;

/**
 * How the embedded default model is trained: a {@link LabUNet} on the real CIFAR-10 batches, with the
 * last 1,000 records of batch 2 held out for the final report and never trained on.
 *
 * <ul>
 *   <li>train: batch 1 and records 0-7,999 of batch 2 (18,000 images), horizontal flips;</li>
 *   <li>validation (learning-rate schedule, best checkpoint): records 8,000-8,999 of batch 2;</li>
 *   <li>test (the report in docs/default-model.md): records 9,000-9,999 of batch 2.</li>
 * </ul>
 *
 * <p>Run: {@code java -cp ... org.colorize.examples.DefaultModelTraining CIFAR_DIR RUN_DIR [EPOCHS] [BASE_FILTERS]}.
 * The run folder holds checkpoints: running it again resumes. At the end it writes
 * {@code RUN_DIR/default.zip} (no updater state), the evaluation table and the comparison grid.
 */
public final class DefaultModelTraining {

    private DefaultModelTraining() {
    }

    /**
     * @param args CIFAR-10 folder, run folder, epochs (default 20), base filters (default 32)
     * @throws IOException if data or checkpoints cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path cifar = Path.of(args.length > 0 ? args[0] : "../shared/data/cifar-10");
        Path run = Path.of(args.length > 1 ? args[1] : "runs/default");
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int base = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        int limit = args.length > 4 ? Integer.parseInt(args[4]) : Integer.MAX_VALUE;
        Files.createDirectories(run);
        CifarSource all = CifarSource.open(cifar.resolve("data_batch_1.bin"), cifar.resolve("data_batch_2.bin"));
        int n = all.size();
        ImageSource train = all.range(0, Math.min(n - 2000, limit));
        ImageSource validation = all.range(n - 2000, n - 1000);
        ImageSource test = all.range(n - 1000, n);

        LabUNet unet = LabUNet.builder().baseFilters(base).depth(3).trainingSize(32).maxWorkingSide(128).build();
        ColorizationData trainData = ColorizationData.builder().source(train).forModel(unet.metadata())
                .size(32, 32).grayInput(true).augment(a -> a.horizontalFlip()).batchSize(64).seed(7).build();
        ColorizationData valData = trainData.toBuilder().source(validation).augment(a -> a).shuffle(false).build();
        try (ColorizationIterator trainIt = trainData.iterator(); ColorizationIterator valIt = valData.iterator()) {
            ModelBundle best = Trainer.builder(unet).train(trainIt).validation(valIt).epochs(epochs)
                    .reduceLrOnPlateau(Math.sqrt(0.1), 3, 5e-7).earlyStopping(8)
                    .batchesPerEpoch(trainData.batchesPerEpoch()).checkpointDir(run.resolve("checkpoints"))
                    .provenance("trainingData", "CIFAR-10 data_batch_1 + data_batch_2 records 0-7999 ("
                            + train.size() + " images), horizontal flips")
                    .provenance("validationData", "CIFAR-10 data_batch_2 records 8000-8999")
                    .provenance("heldOutTestData", "CIFAR-10 data_batch_2 records 9000-9999 (never trained on)")
                    .build().fit();
            List<BufferedImage> testImages = new ArrayList<>();
            for (int i = 0; i < test.size(); i++) {
                testImages.add(test.get(i).image().toBufferedImage());
            }
            try (Colorizer c = Colorizer.of(best)) {
                EvaluationReport report = Evaluation.of(c).images(testImages)
                        .grid(run.resolve("grid.png"), ComparisonGrid.Options.defaults().scale(2)).run();
                Files.writeString(run.resolve("evaluation.md"), report.toTable());
                Files.writeString(run.resolve("evaluation.json"), report.toJson());
                System.out.println(report.toTable());
                ModelBundle withMetrics = ModelBundle.of(best.network(), best.metadata().toBuilder()
                        .provenance("heldOutEvaluation", report.toJson()).build());
                withMetrics.save(run.resolve("default.zip"), false);
            }
        }
    }
}
