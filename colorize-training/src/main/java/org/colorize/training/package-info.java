/**
 * Training: {@link org.colorize.training.Trainer} (epochs, validation, learning-rate reduction
 * on plateau, early stopping, crash-safe checkpoints that resume, a progress bar, a metrics CSV and a
 * loss plot) and the reference tutorials' settings as
 * {@link org.colorize.training.TrainingRecipe}s.
 */
package org.colorize.training;
