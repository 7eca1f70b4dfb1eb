package dev.onnxport.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;

/**
 * Checks made before onnxport reads or replaces a file: readers take regular files only (a FIFO would block
 * forever, a device never ends), writers replace regular files only (renaming over a device or FIFO would put a
 * file in its place) and never break a hard link, and no output may be one of the inputs (found through
 * symbolic and hard links, by file identity).
 */
public final class FileChecks {
    private FileChecks() {}

    /**
     * Why {@code input} cannot be read as a file, or null when it is an existing regular file (symbolic links
     * followed). {@code what} names it in the message ("the weights").
     */
    public static String inputProblem(Path input, String what) {
        BasicFileAttributes a = attributes(input);
        if (a == null) return "no such file: " + Names.quote(input) + " (" + what + ")";
        if (a.isRegularFile()) return null;
        if (a.isDirectory()) return Names.quote(input) + " is a folder, not " + what + "; give the file itself";
        return Names.quote(input) + " is a FIFO, device or socket, not " + what + "; give a regular file";
    }

    /**
     * Why {@code target} cannot be replaced by a new file, or null when it is absent or a regular file with one
     * link. A target with several hard links is refused: renaming a new file over it would silently detach it
     * from the other names.
     */
    public static String targetProblem(Path target) {
        BasicFileAttributes a = attributes(target);
        if (a == null || a.isDirectory()) return null;  // folders are the callers' business
        if (!a.isRegularFile()) {
            return Names.quote(target) + " is a FIFO, device or socket; onnxport writes regular files only, "
                    + "choose a file path";
        }
        int links = links(target);
        if (links > 1) {
            return Names.quote(target) + " has " + links + " hard links; replacing it would detach it from the "
                    + "others, so remove it first or choose another path";
        }
        return null;
    }

    /**
     * Whether {@code a} and {@code b} are the same file: the same absolute normalized path (either may be
     * absent), or both existing and one file (symbolic links followed, hard links by file identity).
     */
    public static boolean same(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) return true;
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Null when no output is one of the inputs or another output; otherwise a message naming the two. Outputs
     * and inputs are described as "LABEL PATH" by the caller's labels (the maps' keys are the paths).
     */
    public static String overlap(Collection<Labeled> outputs, Collection<Labeled> inputs) {
        Labeled[] outs = outputs.toArray(new Labeled[0]);
        for (int i = 0; i < outs.length; i++) {
            for (Labeled in : inputs) {
                if (same(outs[i].path(), in.path())) {
                    return "the " + outs[i] + " is the " + in + "; writing it would destroy an input, "
                            + "so choose another output path";
                }
            }
            for (int j = 0; j < i; j++) {
                if (same(outs[i].path(), outs[j].path())) {
                    return "the " + outs[i] + " is the " + outs[j] + "; give them different paths";
                }
            }
        }
        return null;
    }

    /** A path with what it is for ("weights", "report"), for messages. */
    public record Labeled(String label, Path path) {
        @Override public String toString() { return label + " " + Names.quote(path); }
    }

    private static BasicFileAttributes attributes(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class);
        } catch (IOException | RuntimeException e) {
            return null;  // absent or unreadable: the callers treat both as "not there"
        }
    }

    private static int links(Path p) {
        try {
            Object n = Files.getAttribute(p, "unix:nlink");
            return n instanceof Integer i ? i : 1;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 1;  // no such attribute on this file system
        }
    }
}
