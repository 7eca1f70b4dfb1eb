package dev.onnxport.onnx.reader;

/**
 * The bounds the {@link OnnxModelReader} enforces on a model it is given, so that a hostile or broken file
 * fails with a {@link ModelFileError} instead of exhausting memory, stack or disk. The defaults are
 * documented in docs/limits.md; tests pass smaller ones to exercise a limit on small inputs.
 *
 * @param maxModelFileBytes    the protobuf file (or zip entry {@code model.onnx}); protobuf cannot exceed 2 GiB
 * @param maxTensorBytes       declared size of one tensor (dims x element size), embedded or external
 * @param maxRank              dims of one tensor or value type
 * @param maxSubgraphDepth     nesting of subgraphs (If/Loop/Scan bodies inside bodies)
 * @param maxZipEntries        entries of a zip archive
 * @param maxZipExtractedBytes bytes written when extracting a zip archive, all entries together
 */
public record ReadLimits(long maxModelFileBytes, long maxTensorBytes, int maxRank, int maxSubgraphDepth,
                         int maxZipEntries, long maxZipExtractedBytes) {
    /** Protobuf's own limit: a message is indexed by a signed 32-bit int. */
    public static final long MAX_MODEL_FILE_BYTES = Integer.MAX_VALUE;
    /** One tensor: what one memory mapping (and a Java array) can hold, as for safetensors. */
    public static final long MAX_TENSOR_BYTES = Integer.MAX_VALUE;
    /** ONNX sets no rank limit; no real operator needs more than a handful of dims. */
    public static final int MAX_RANK = 64;
    /** The structural checker's nesting limit too; ONNX Runtime and real models nest a few levels. */
    public static final int MAX_SUBGRAPH_DEPTH = 64;
    /** onnxport writes 2 entries; a few more are allowed for archives made by hand. */
    public static final int MAX_ZIP_ENTRIES = 64;
    /** Disk used by one extraction: the largest model (2 GiB) plus 14 GiB of external data. */
    public static final long MAX_ZIP_EXTRACTED_BYTES = 16L << 30;

    public static final ReadLimits DEFAULTS = new ReadLimits(MAX_MODEL_FILE_BYTES, MAX_TENSOR_BYTES, MAX_RANK,
            MAX_SUBGRAPH_DEPTH, MAX_ZIP_ENTRIES, MAX_ZIP_EXTRACTED_BYTES);

    public ReadLimits {
        if (maxModelFileBytes < 1 || maxModelFileBytes > MAX_MODEL_FILE_BYTES) {
            throw new IllegalArgumentException("maxModelFileBytes must be 1.." + MAX_MODEL_FILE_BYTES + ", not " + maxModelFileBytes);
        }
        if (maxTensorBytes < 0 || maxRank < 0 || maxSubgraphDepth < 0 || maxZipEntries < 1 || maxZipExtractedBytes < 0) {
            throw new IllegalArgumentException("limits must not be negative (and a zip may hold at least one entry)");
        }
    }

    /**
     * Protobuf's recursion limit for a subgraph depth: each subgraph level is three messages deep
     * (GraphProto > NodeProto > AttributeProto), plus room for the model, tensors and nested types.
     */
    int protobufRecursionLimit() { return 3 * maxSubgraphDepth + 40; }
}
