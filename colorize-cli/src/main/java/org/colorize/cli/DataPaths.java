package org.colorize.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.colorize.data.source.CifarSource;
import org.colorize.data.source.FolderSource;
import org.colorize.data.source.ImageSource;

/** Turns the tool's {@code --data} arguments into an image source: CIFAR binary files or one image folder. */
final class DataPaths {

    private DataPaths() {
    }

    static ImageSource open(List<Path> paths) {
        if (paths == null || paths.isEmpty()) {
            throw new ColorizeCli.UsageException("--data is required: CIFAR .bin files or an image folder");
        }
        List<Path> bins = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new ColorizeCli.UsageException("--data: not found: " + p.toAbsolutePath());
            }
            if (Files.isDirectory(p)) {
                dirs.add(p);
            } else if (p.getFileName().toString().endsWith(".bin")) {
                bins.add(p);
            } else {
                throw new ColorizeCli.UsageException("--data: " + p + " is neither a CIFAR .bin file nor a folder of images");
            }
        }
        if (!bins.isEmpty() && !dirs.isEmpty()) {
            throw new ColorizeCli.UsageException("--data: give either CIFAR .bin files or one image folder, not both");
        }
        if (dirs.size() > 1) {
            throw new ColorizeCli.UsageException("--data: give one image folder (it is read recursively), got " + dirs.size());
        }
        return bins.isEmpty() ? FolderSource.open(dirs.get(0)) : CifarSource.open(bins);
    }
}
