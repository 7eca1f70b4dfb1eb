package dev.onnxport.onnx.writer;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import dev.onnxport.onnx.proto.AttributeProto;
import dev.onnxport.onnx.proto.FunctionProto;
import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.proto.SparseTensorProto;
import dev.onnxport.onnx.proto.StringStringEntryProto;
import dev.onnxport.onnx.proto.TensorProto;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The external data files a model file refers to, for the writer's removal of data files no model uses. */
final class DataFiles {
    private DataFiles() {}

    /**
     * The {@code location}s of every external tensor of the model at {@code model} (initializers, sparse ones,
     * attribute tensors, in subgraphs and functions too); empty when there is no file there; null when the file is
     * not a readable model, so that the caller removes nothing.
     */
    static Set<String> referencedBy(Path model) {
        Set<String> out = new HashSet<>();
        try (FileChannel ch = FileChannel.open(model, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) return null;
            CodedInputStream in = UnsafeByteOperations.unsafeWrap(ch.map(FileChannel.MapMode.READ_ONLY, 0, size)).newCodedInput();
            in.enableAliasing(true);  // raw data stays in the mapping
            ModelProto m = ModelProto.parseFrom(in);
            graph(m.getGraph(), out);
            for (FunctionProto f : m.getFunctionsList()) nodes(f.getNodeList(), out);
            return out;
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException | RuntimeException | InternalError e) {
            return null;  // unreadable, malformed, or changed while read (InternalError from the mapping)
        }
    }

    private static void graph(GraphProto g, Set<String> out) {
        for (TensorProto t : g.getInitializerList()) tensor(t, out);
        for (SparseTensorProto t : g.getSparseInitializerList()) sparse(t, out);
        nodes(g.getNodeList(), out);
    }

    private static void nodes(List<NodeProto> nodes, Set<String> out) {
        for (NodeProto n : nodes) {
            for (AttributeProto a : n.getAttributeList()) {
                if (a.hasT()) tensor(a.getT(), out);
                for (TensorProto t : a.getTensorsList()) tensor(t, out);
                if (a.hasSparseTensor()) sparse(a.getSparseTensor(), out);
                for (SparseTensorProto t : a.getSparseTensorsList()) sparse(t, out);
                if (a.hasG()) graph(a.getG(), out);
                for (GraphProto g : a.getGraphsList()) graph(g, out);
            }
        }
    }

    private static void sparse(SparseTensorProto t, Set<String> out) {
        tensor(t.getValues(), out);
        tensor(t.getIndices(), out);
    }

    private static void tensor(TensorProto t, Set<String> out) {
        // any location counts, whatever data_location says: a file kept by mistake is better than one lost
        for (StringStringEntryProto e : t.getExternalDataList()) if (e.getKey().equals("location")) out.add(e.getValue());
    }
}
