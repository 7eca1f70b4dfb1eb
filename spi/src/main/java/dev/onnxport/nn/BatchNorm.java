package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * PyTorch's {@code _BatchNorm}: per-channel affine weight and bias, and the buffers running_mean,
 * running_var and num_batches_tracked. Eval mode normalizes with the running statistics; training mode
 * with the batch statistics, and updates the running ones (the aten kernel writes them in place, as
 * PyTorch's does; {@code momentum} null means a cumulative average over the batches seen).
 */
public abstract class BatchNorm extends UnaryModule {
    private final long numFeatures;
    private final double eps;
    private final Double momentum;
    private final boolean trackRunningStats;
    private final Parameter weight, bias, runningMean, runningVar, numBatchesTracked;

    BatchNorm(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.trackRunningStats = trackRunningStats;
        weight = registerParameter("weight", affine ? Init.ones(numFeatures) : null);
        bias = registerParameter("bias", affine ? Init.zeros(numFeatures) : null);
        runningMean = registerBuffer("running_mean", trackRunningStats ? Init.zeros(numFeatures) : null);
        runningVar = registerBuffer("running_var", trackRunningStats ? Init.ones(numFeatures) : null);
        numBatchesTracked = registerBuffer("num_batches_tracked", trackRunningStats ? Tensor.scalar(0L) : null);
    }

    public long numFeatures() { return numFeatures; }
    public Tensor runningMean() { return runningMean.get(); }
    public Tensor runningVar() { return runningVar.get(); }
    public Tensor numBatchesTracked() { return numBatchesTracked.get(); }

    /** Checks the input rank; the message names the layer and the accepted ranks. */
    abstract void checkInput(Tensor x);

    @Override
    protected Tensor compute(Tensor x) {
        checkInput(x);
        double factor = momentum == null ? 0.0 : momentum;
        boolean update = isTraining() && trackRunningStats && !x.isMeta();
        if (update) {
            long n = numBatchesTracked.get().itemLong() + 1;
            numBatchesTracked.set(Tensor.scalar(n));
            if (momentum == null) factor = 1.0 / n;
            writable(runningMean);
            writable(runningVar);
        }
        boolean useBatchStats = isTraining() || !trackRunningStats;
        return F.batchNorm(x, runningMean.get(), runningVar.get(), weight.get(), bias.get(), useBatchStats, factor, eps);
    }

    // A loaded checkpoint may be a read-only memory mapping; the in-place update needs heap memory.
    private static void writable(Parameter p) {
        Tensor t = p.get();
        if (t.storage().isReadOnly() || !t.isContiguous()) p.set(t.copy());
    }
}
