package dev.onnxport.util;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a file all or nothing: the content goes to a temporary file in the target's folder, named
 * {@code .NAME.onnxport-tmp-RANDOM}, is forced to disk, and is then renamed over the target. Readers see
 * the old file or the new one, never a part, and a failed write leaves an existing target untouched and no
 * temporary file behind.
 *
 * <p>A JVM killed mid-write (SIGKILL, power loss) runs no cleanup, so its temporary file stays. While a
 * write is under way its temporary file holds an OS file lock, which the OS drops when the process dies;
 * the next write to the same target removes every {@code .NAME.onnxport-tmp-*} sibling that is not
 * locked, so stale files go away and a concurrent writer's file is never deleted.
 *
 * <p>One instance is one pending file: {@link #begin}, write to {@link #channel}, then {@link #commit};
 * {@link #close} without commit deletes the temporary file.
 */
public final class AtomicFile implements AutoCloseable {
    /** Marks onnxport's temporary files: {@code .NAME} + this + a random suffix. */
    public static final String TEMP_MARK = ".onnxport-tmp-";
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Temporary files being written by this JVM. The sweep skips them without opening them: on POSIX systems
     * closing any channel of a file drops every lock this process holds on it.
     */
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean done;

    private AtomicFile(Path target, Path temp, FileChannel channel, FileLock lock) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.lock = lock;
    }

    /** Produces the content of the file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(FileChannel ch) throws IOException;
    }

    /** Writes one file atomically. */
    public static void write(Path target, Content content) throws IOException {
        try (AtomicFile f = begin(target)) {
            content.writeTo(f.channel());
            f.commit();
        }
    }

    /** Removes stale temporary files of {@code target}, then creates and locks a new one. */
    public static AtomicFile begin(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        String problem = FileChecks.targetProblem(abs);
        if (problem != null) throw new IOException(problem);
        removeStale(abs);
        // A hidden name in the same folder, so that the final rename stays on one file system.
        Path temp = abs.resolveSibling(prefix(abs) + Long.toUnsignedString(RANDOM.nextLong(), 36));
        // CREATE_NEW rather than createTempFile: the result keeps the usual permissions, not owner-only.
        FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        LIVE.add(temp);
        try {
            FileLock lock = ch.tryLock();
            if (lock == null) throw new IOException("cannot lock the new temporary file " + temp);
            keepAttributes(abs, temp);
            return new AtomicFile(abs, temp, ch, lock);
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(temp);
            LIVE.remove(temp);
            throw e;
        }
    }

    /**
     * Gives the new file the permissions (and, where allowed, the owner and group) of the file it replaces, so that
     * replacing a file never widens or changes who may read it.
     */
    private static void keepAttributes(Path target, Path temp) throws IOException {
        if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) return;
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(target, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return;  // not a POSIX file system
        } catch (NoSuchFileException e) {
            return;  // removed meanwhile
        }
        try {
            PosixFileAttributeView v = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
            if (!a.owner().equals(Files.getOwner(temp))) v.setOwner(a.owner());
            if (!a.group().equals(Files.readAttributes(temp, PosixFileAttributes.class).group())) v.setGroup(a.group());
        } catch (IOException | SecurityException e) {
            // only a privileged user may give a file away; the permissions below still hold
        }
        Files.setPosixFilePermissions(temp, a.permissions());
    }

    /** The temporary file's channel, positioned at its start. */
    public FileChannel channel() { return channel; }

    /** The temporary file (for tests and messages). */
    public Path temp() { return temp; }

    /** Forces the content to disk without moving it yet (for several files moved together). */
    public void force() throws IOException { channel.force(true); }

    /** Forces the content to disk and renames it over the target. */
    public void commit() throws IOException {
        force();
        // Moved while still locked, so that no other writer's stale-file sweep can take it away first.
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        done = true;
        release();
    }

    /** Deletes the temporary file unless committed. */
    @Override
    public void close() throws IOException {
        if (done) return;
        done = true;
        try {
            if (lock.isValid()) lock.release();
            channel.close();
        } finally {
            Files.deleteIfExists(temp);
            LIVE.remove(temp);
        }
    }

    private void release() throws IOException {
        try {
            if (lock.isValid()) lock.release();
        } finally {
            channel.close();
            LIVE.remove(temp);
        }
    }

    private static String prefix(Path abs) { return "." + abs.getFileName() + TEMP_MARK; }

    /**
     * Deletes the temporary files that writes to {@code target} left behind when their JVM was killed:
     * those not locked by a live writer. Returns how many were removed.
     */
    public static int removeStale(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        String prefix = prefix(abs);
        int removed = 0;
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) return 0;
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path p : siblings) {
                if (!LIVE.contains(p) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && removeIfUnlocked(p)) removed++;
            }
        }
        return removed;
    }

    private static boolean removeIfUnlocked(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                return false;  // a writer in this JVM holds it
            }
            if (lock == null) return false;  // a writer in another process holds it
            try {
                Files.deleteIfExists(p);
                return true;
            } finally {
                lock.release();
            }
        } catch (NoSuchFileException e) {
            return false;  // its writer finished or another sweep removed it meanwhile
        }
    }
}
