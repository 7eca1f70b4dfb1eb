package dev.onnxport.tensor;

import java.nio.file.Path;

/**
 * Where a {@link BufferStorage}'s bytes live on disk: its byte 0 is byte {@code position} of {@code file}, the file
 * with identity {@code fileKey} ({@code BasicFileAttributes.fileKey}, the inode on Linux) when it was mapped. A writer
 * may then copy the bytes file to file, inside the kernel, instead of through the mapping; it must first check that
 * the name still leads to that file (a file replaced under its name is another file, while the mapping still reads the
 * old one).
 */
public record FileOrigin(Path file, Object fileKey, long position) {
    public FileOrigin {
        if (file == null || fileKey == null || position < 0) {
            throw new IllegalArgumentException("a file origin needs a file, its key and a position >= 0");
        }
    }
}
