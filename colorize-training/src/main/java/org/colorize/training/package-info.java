/**
 * Training: {@link org.colorize.training.Trainer} (epochs, validation, learning-rate reduction
 * on plateau or a schedule, early stopping, crash-safe checkpoints that resume, a progress bar, a
 * metrics CSV and a loss plot), built from an immutable {@link org.colorize.training.TrainerConfig},
 * with each behaviour an {@link org.colorize.training.EpochListener} and the resume state a
 * {@link org.colorize.training.TrainingState} of its own in each checkpoint; and the reference
 * tutorials' settings as {@link org.colorize.training.TrainingRecipe}s.
 */
package org.colorize.training;
