package dev.onnxport.export;

import dev.onnxport.nn.Module;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The training/eval mode of a model and every submodule, set for an export and restored on {@link #close}
 * (see {@link OnnxExport#selectModelModeForExport}). Use with try-with-resources.
 */
public final class TrainingModeScope implements AutoCloseable {
    private final Map<Module, Boolean> saved = new LinkedHashMap<>();
    private final boolean training;

    TrainingModeScope(Module model, TrainingMode mode) {
        // Pre-order, so restoring parents first and children after reproduces mixed modes exactly.
        for (Module m : model.namedModules().values()) saved.putIfAbsent(m, m.isTraining());
        switch (mode) {
            case EVAL -> model.train(false);
            case TRAINING -> model.train(true);
            case PRESERVE -> { }
        }
        this.training = model.isTraining();
    }

    /** True when the model runs in training mode inside this scope. */
    public boolean training() { return training; }

    @Override
    public void close() {
        for (Map.Entry<Module, Boolean> e : saved.entrySet()) e.getKey().train(e.getValue());
    }
}
