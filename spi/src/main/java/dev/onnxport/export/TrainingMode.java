package dev.onnxport.export;

/** The mode a model is exported in, as {@code torch.onnx.TrainingMode}. */
public enum TrainingMode {
    /** Inference: dropout off, batch norm uses running statistics (the default). */
    EVAL,
    /** Whatever mode the model is in. */
    PRESERVE,
    /** Training behaviour is kept (dropout, batch-norm statistics); needs opset 12 for full fidelity. */
    TRAINING
}
