package dev.onnxport.ort;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.onnxport.errors.CheckerError;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ONNX Runtime (CPU) as onnxport's runtime verifier: opens and runs models, nothing more (the core's
 * {@code dev.onnxport.verify.VerificationService} compares their outputs). Sessions are cached per model file
 * (see {@link SessionCache}): instances made by {@link java.util.ServiceLoader} share one process-wide cache of {@value #SHARED_CAPACITY}
 * sessions, so loading the service again is cheap. All methods are thread-safe.
 */
public final class OrtRuntimeVerifier implements RuntimeVerifier, AutoCloseable {
    static final int SHARED_CAPACITY = 4;
    private static final SessionCache SHARED = new SessionCache(SHARED_CAPACITY);

    private final SessionCache sessions;

    /** The service constructor: uses the process-wide session cache. */
    public OrtRuntimeVerifier() { this(SHARED); }

    /** A verifier with its own cache of at most {@code cachedSessions} sessions. */
    public OrtRuntimeVerifier(int cachedSessions) { this(new SessionCache(cachedSessions)); }

    private OrtRuntimeVerifier(SessionCache sessions) { this.sessions = sessions; }

    @Override
    public String name() { return "onnxruntime " + SessionCache.environment().getVersion(); }

    @Override
    public void check(Path model) {
        sessions.acquire(model).close();  // opening the session is the check; it stays cached for runs
    }

    @Override
    public Map<String, Tensor> run(Path model, Map<String, Tensor> inputs) {
        String file = model.getFileName().toString();
        try (SessionCache.Lease lease = sessions.acquire(model);
             InputBinding binding = InputBinding.bind(SessionCache.environment(), lease.session(), file, inputs);
             OrtSession.Result result = lease.session().run(binding.tensors())) {
            Map<String, Tensor> outputs = new LinkedHashMap<>();
            for (Map.Entry<String, OnnxValue> out : result) {
                if (!(out.getValue() instanceof OnnxTensor t)) {
                    throw new UnsupportedOperationException("output '" + out.getKey() + "' of " + file + " is a "
                            + out.getValue().getType() + "; onnxport reads tensor outputs only");
                }
                outputs.put(out.getKey(), OrtTensors.fromOrt(out.getKey(), t));
            }
            return outputs;
        } catch (OrtException e) {
            throw new CheckerError("ONNX Runtime failed to run " + file + " (" + model + "): " + e.getMessage(), e);
        }
    }

    /** Runs the model in a session of its own, closed after the run, so that the cache holds nothing of the file. */
    @Override
    public Map<String, Tensor> runOnce(Path model, Map<String, Tensor> inputs) {
        try (OrtRuntimeVerifier once = new OrtRuntimeVerifier(1)) {
            return once.run(model, inputs);
        }
    }

    /** Closes the cached sessions now (those in use when their run ends); the verifier reopens them as needed. */
    @Override
    public void close() { sessions.clear(); }

    /** Number of sessions held open (for tests). */
    int cachedSessions() { return sessions.size(); }
}
