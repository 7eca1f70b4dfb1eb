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
import java.util.regex.Pattern;

/**
 * Writes a file all or nothing: the content goes to a temporary file in the target's folder, named
 * {@code .NAME.onnxport-tmp-PID-ID} ({@link Temporaries}: the writer's pid, a random id, a long NAME shortened so
 * that the name stays within 255 bytes), is forced to disk, and is then renamed over the target. Readers see the
 * old file or the new one, never a part, and a failed write leaves an existing target untouched and no temporary
 * file behind.
 *
 * <p>The temporary file is registered with {@link Temporaries}, whose shutdown hook deletes it when the JVM exits
 * on SIGTERM or SIGINT. A JVM killed mid-write (SIGKILL, power loss) runs no cleanup, so its temporary file stays;
 * the next write to the same target removes every {@code .NAME.onnxport-tmp-*} sibling whose writer is gone: its
 * pid is no live process and it holds no OS file lock (a writer locks its temporary file while it writes), so a
 * concurrent writer's file is never deleted.
 *
 * <p>One instance is one pending file: {@link #begin}, write to {@link #channel}, then {@link #commit};
 * {@link #close} without commit deletes the temporary file.
 *
 * <p>A writer of a large file calls {@link #syncBehind} as it goes: once {@link #SYNC_BEHIND_BYTES} more bytes are
 * written, a helper thread forces what is written so far while the writer goes on, so that the disk works while the
 * rest is produced and the final force, in {@link #force} or {@link #commit}, finds little left to write. Those forces
 * only start the work early: the file is durable when the final force returns, and a failed early force fails
 * {@link #force} and {@link #commit} (Linux may report a write-back error only once, so a later force can succeed
 * without the lost pages).
 */
public final class AtomicFile implements AutoCloseable {
    /** Marks onnxport's temporary files: {@code .NAME} + this + {@code PID-ID}. */
    public static final String TEMP_MARK = ".onnxport-tmp-";
    /** The kind of {@link Temporaries} name these files have. */
    private static final String KIND = "tmp";

    private final Path target;
    private final Path temp;
    private final String id;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean done;
    private boolean moved;
    /** The O_DIRECT channel of {@link #openDirect}, if opened. */
    private FileChannel direct;
    /** Sync-behind: the bytes the last early force was started at, the force in flight (or null) and its failure. */
    private long syncedTo;
    private Thread syncing;
    private volatile IOException syncFailure;

    /** Bytes written between two early forces of {@link #syncBehind}. */
    public static final long SYNC_BEHIND_BYTES = 32L << 20;

    /** How an early force forces: {@code ch.force(false)}; tests replace it (to fail, or to hold a force in flight). */
    interface EarlyForce { void force(FileChannel ch) throws IOException; }

    static volatile EarlyForce EARLY_FORCE = ch -> ch.force(false);

    private AtomicFile(Path target, Path temp, String id, FileChannel channel, FileLock lock) {
        this.target = target;
        this.temp = temp;
        this.id = id;
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
        removeStale(abs);  // what killed writers left in the folder
        // A hidden name in the same folder, so that the final rename stays on one file system.
        String id = Temporaries.newId();
        Path temp = abs.resolveSibling(Temporaries.siblingName(abs, KIND, id));
        Temporaries.register(temp);
        FileChannel ch;
        try {
            // CREATE_NEW rather than createTempFile: the result keeps the usual permissions, not owner-only.
            ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException e) {
            Temporaries.unregister(temp);
            throw e;
        }
        try {
            FileLock lock = ch.tryLock();
            if (lock == null) throw new IOException("cannot lock the new temporary file " + temp);
            keepAttributes(abs, temp);
            if (Temporaries.shuttingDown()) throw new IOException("onnxport is stopping; not writing " + Names.quote(abs));
            return new AtomicFile(abs, temp, id, ch, lock);
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(temp);
            Temporaries.unregister(temp);
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

    /** A channel that writes around the page cache, and the alignment of its writes' buffers, positions and lengths. */
    public record Direct(FileChannel channel, int align) {}

    /**
     * A second channel on the temporary file whose writes go straight to the disk (O_DIRECT: no copy into the page
     * cache, nothing left there to write back or to free when the file is replaced), or null where the file system
     * does not offer it. Its writes must be aligned ({@link Direct#align}); it closes with this file. {@link #force}
     * and {@link #commit} still force the file (its metadata).
     */
    public Direct openDirect() {
        if (direct != null) throw new IllegalStateException("the direct channel of " + temp + " is open already");
        try {
            long block = Files.getFileStore(temp).getBlockSize();
            // a power of two up to 64 KiB, as Linux's logical block sizes are; anything else: not worth the risk
            if (block <= 0 || block > (64 << 10) || Long.bitCount(block) != 1) return null;
            direct = FileChannel.open(temp, StandardOpenOption.WRITE, com.sun.nio.file.ExtendedOpenOption.DIRECT);
            return new Direct(direct, (int) block);
        } catch (IOException | UnsupportedOperationException e) {
            return null;   // tmpfs and some others refuse O_DIRECT: the caller writes through the page cache
        }
    }

    /** The temporary file: what this writer wrote, readable until {@link #commit} moves it. */
    public Path temp() { return temp; }

    /** Whether {@link #commit} moved the file into place. */
    public boolean committed() { return moved; }

    /** The random id in the temporary file's name ({@link Temporaries#idOf}). */
    public String id() { return id; }

    /**
     * Starts forcing what is written so far on a helper thread, when {@link #SYNC_BEHIND_BYTES} or more were written
     * since the last such force began and none is running; returns at once. Call it between writes of a large file.
     */
    public void syncBehind() throws IOException {
        long at = channel.position();
        if (at - syncedTo < SYNC_BEHIND_BYTES || done) return;
        if (syncing != null) {
            if (syncing.isAlive()) return;  // the disk is behind: the next force covers more
            syncing = null;
        }
        if (syncFailure != null) throw syncFailure;
        syncedTo = at;
        EarlyForce how = EARLY_FORCE;
        Thread t = new Thread(() -> {
            try {
                how.force(channel);
            } catch (IOException e) {
                syncFailure = e;
            }
        }, "onnxport-sync-behind");
        t.setDaemon(true);
        syncing = t;
        t.start();
    }

    /** Waits for the early force in flight, if any; throws its failure, or the failure of an earlier one. */
    private void awaitSync() throws IOException {
        Thread t = syncing;
        if (t != null) {
            boolean interrupted = false;
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;  // the force must end before the channel may close
                }
            }
            syncing = null;
            if (interrupted) Thread.currentThread().interrupt();
        }
        IOException failed = syncFailure;
        if (failed != null) throw new IOException("an early force of " + Names.quote(temp) + " failed: " + failed.getMessage(), failed);
    }

    /** Forces the content to disk without moving it yet (for several files moved together). */
    public void force() throws IOException {
        awaitSync();
        channel.force(true);
    }

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
        moved = true;
        release();
    }

    /** Deletes the temporary file unless committed. */
    @Override
    public void close() throws IOException {
        if (done) return;
        done = true;
        try {
            awaitSync();
        } catch (IOException e) {
            // the file is deleted below: an early force's failure does not matter any more
        }
        try {
            closeDirect();
            if (lock.isValid()) lock.release();
            channel.close();
        } finally {
            Files.deleteIfExists(temp);
            Temporaries.unregister(temp);
        }
    }

    private void closeDirect() {
        FileChannel d = direct;
        if (d == null) return;
        try {
            d.close();
        } catch (IOException e) {
            // nothing is buffered in an O_DIRECT channel: its writes reported their own failures
        }
    }

    private void release() throws IOException {
        try {
            closeDirect();
            if (lock.isValid()) lock.release();
        } finally {
            channel.close();
            Temporaries.unregister(temp);
        }
    }

    /** {@code .NAME.onnxport-tmp-}: every temporary file of writes to {@code abs} starts so. */
    public static String prefix(Path abs) { return Temporaries.siblingPrefix(abs, KIND); }

    /** A temporary of onnxport's that records its writer's pid: {@code .NAME.onnxport-KIND-PID-ID} ({@link Temporaries}). */
    private static final Pattern WITH_PID = Pattern.compile("\\..*\\.onnxport-[a-z]+-\\d{1,10}-[0-9a-f]{16}");

    /**
     * Deletes the temporary files that killed writers left in {@code target}'s folder: those of writes to
     * {@code target} ({@code .NAME.onnxport-tmp-*}, also as versions before pids were recorded named them) and any
     * other onnxport temporary there that records a pid; each only when its pid is no live process (or it records
     * none) and no one holds it locked. Returns how many were removed.
     */
    public static int removeStale(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        int removed = 0;
        if (dir == null || !Files.isDirectory(dir)) return 0;
        String prefix = prefix(abs);
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) || WITH_PID.matcher(n).matches();
        })) {
            for (Path p : siblings) {
                try {
                    if (!Temporaries.ownerAlive(p) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && removeIfUnlocked(p)) {
                        removed++;
                    }
                } catch (IOException e) {
                    // another user's file, say: not ours to remove, and no reason to fail this write
                }
            }
        }
        return removed;
    }

    /**
     * Whether the temporary file {@code p} belongs to no running writer: not this JVM's, its pid no live process,
     * and no lock on it. Checked without opening files this JVM writes: on POSIX systems closing any channel of a
     * file drops every lock this process holds on it.
     */
    public static boolean isStale(Path p) throws IOException {
        if (Temporaries.ownerAlive(p) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) return false;
        if (!Files.isWritable(p)) return false;  // another user's: theirs to judge
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                return false;  // a writer in this JVM holds it
            }
            if (lock == null) return false;  // a writer in another process holds it
            lock.release();
            return true;
        } catch (NoSuchFileException e) {
            return false;  // moved into place or removed meanwhile
        }
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
