package org.colorize.training;

/**
 * The training settings of a reference tutorial: schedule (epochs, batch size, learning-rate
 * reduction on plateau, early stopping) and the Keras {@code ImageDataGenerator} augmentation the
 * data side should apply (rotation in degrees, shear angle in degrees, zoom range, horizontal flip).
 * The optimiser and loss are part of each network's builder defaults.
 *
 * <p>Shear values are the tutorials' own {@code shear_range} numbers, which current Keras reads as
 * degrees (Keras before keras-preprocessing 1.0.6 read them as radians).
 *
 * @param name a short name
 * @param epochs number of epochs
 * @param batchSize examples per batch
 * @param plateauFactor learning-rate factor on a validation plateau (1 = no reduction)
 * @param plateauPatience epochs without improvement before the reduction
 * @param minLearningRate the floor of the learning rate
 * @param earlyStoppingPatience epochs without improvement before stopping (0 = never)
 * @param rotationDegrees augmentation: rotation range in degrees
 * @param shearDegrees augmentation: shear range (Keras {@code shear_range})
 * @param zoom augmentation: zoom range (factor drawn from [1-zoom, 1+zoom])
 * @param horizontalFlip augmentation: random horizontal flips
 */
public record TrainingRecipe(String name, int epochs, int batchSize, double plateauFactor, int plateauPatience,
        double minLearningRate, int earlyStoppingPatience, double rotationDegrees, double shearDegrees, double zoom,
        boolean horizontalFlip) {

    /**
     * The CIFAR colorization autoencoder (Advanced Deep Learning with Keras, ch. 3): Adam, batch 32,
     * 30 epochs, learning rate times sqrt(0.1) after 5 epochs without validation improvement, floor
     * 5e-7, the best checkpoint kept by validation loss; no augmentation.
     */
    public static final TrainingRecipe CIFAR_AUTOENCODER =
            new TrainingRecipe("cifar-autoencoder", 30, 32, Math.sqrt(0.1), 5, 5e-7, 0, 0, 0, 0, false);

    /**
     * The "beta" Lab network of the colorizer tutorial: RMSprop, MSE, batch 10 (the tutorial's
     * generator), augmentation shear 0.2, zoom 0.2, rotation 20, horizontal flip. The tutorial does not
     * fix the schedule; 50 epochs with the CIFAR plateau rule are used here.
     */
    public static final TrainingRecipe LAB_BETA =
            new TrainingRecipe("lab-beta", 50, 10, Math.sqrt(0.1), 5, 5e-7, 0, 20, 0.2, 0.2, true);

    /**
     * The Inception-ResNet-v2 fusion network of the tutorial: Adam, MSE, batch 20, augmentation shear
     * 0.4, zoom 0.4, rotation 40, horizontal flip. Schedule as {@link #LAB_BETA}.
     */
    public static final TrainingRecipe FUSION =
            new TrainingRecipe("inception-fusion", 50, 20, Math.sqrt(0.1), 5, 5e-7, 0, 40, 0.4, 0.4, true);

    /**
     * The default architecture, {@code lab-unet}: 30 epochs, batch 64, learning rate times sqrt(0.1)
     * after 3 epochs without validation improvement (floor 5e-7), early stop after 8, horizontal flips.
     */
    public static final TrainingRecipe LAB_UNET =
            new TrainingRecipe("lab-unet", 30, 64, Math.sqrt(0.1), 3, 5e-7, 8, 0, 0, 0, true);

    /**
     * The recipe of an architecture id: the reference tutorial's for the reference networks,
     * {@link #LAB_UNET} for any other.
     *
     * @param architectureId e.g. {@code cifar-autoencoder}, {@code lab-beta}, {@code inception-fusion}
     * @return its recipe
     */
    public static TrainingRecipe forArchitecture(String architectureId) {
        return switch (architectureId) {
            case "cifar-autoencoder" -> CIFAR_AUTOENCODER;
            case "lab-beta", "lab-alpha" -> LAB_BETA;
            case "inception-fusion" -> FUSION;
            default -> LAB_UNET;
        };
    }

    /** @throws IllegalArgumentException naming the option, if a value is out of range */
    public TrainingRecipe {
        OptionChecks.epochs(epochs);
        OptionChecks.batchSize(batchSize);
        if (!(plateauFactor > 0 && plateauFactor <= 1)) {
            throw new IllegalArgumentException("plateauFactor must be in (0,1], was " + plateauFactor);
        }
    }
}
