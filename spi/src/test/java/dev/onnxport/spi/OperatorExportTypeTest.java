package dev.onnxport.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The SPI's values: export types by name, opset ranges, and a mode's answer for one op. */
class OperatorExportTypeTest {
    @Test
    void wellKnownNamesGiveTheConstants() {
        assertSame(OperatorExportType.ONNX, OperatorExportType.of("ONNX"));
        assertSame(OperatorExportType.ONNX_FALLTHROUGH, OperatorExportType.of("ONNX_FALLTHROUGH"));
        assertEquals(List.of("ONNX", "ONNX_ATEN", "ONNX_ATEN_FALLBACK", "ONNX_FALLTHROUGH"),
                OperatorExportType.wellKnown().stream().map(OperatorExportType::name).toList());
        assertEquals("ONNX_ATEN", OperatorExportType.ONNX_ATEN.toString());
    }

    @Test
    void anyOtherNameIsATypeEqualByName() {
        OperatorExportType a = OperatorExportType.of("ONNX_UPPERCASE_TEST");
        assertEquals(a, OperatorExportType.of("ONNX_UPPERCASE_TEST"));
        assertEquals(a.hashCode(), OperatorExportType.of("ONNX_UPPERCASE_TEST").hashCode());
        assertNotEquals(a, OperatorExportType.ONNX);
        assertEquals(List.of(OperatorExportType.ONNX, OperatorExportType.ONNX_ATEN_FALLBACK, a),
                List.copyOf(new TreeSet<>(List.of(a, OperatorExportType.ONNX_ATEN_FALLBACK, OperatorExportType.ONNX))));
    }

    @Test
    void badNamesAreRefused() {
        for (String bad : new String[] {null, "", "onnx", "1ONNX", "ONNX-ATEN", " ONNX", "_ONNX"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OperatorExportType.of(bad), bad);
            assertTrue(e.getMessage().contains("upper-case letters"), e.getMessage());
        }
    }

    @Test
    void opsetRanges() {
        assertEquals(new OpsetRange(7, 26), OpsetRange.SUPPORTED);
        assertEquals("7..26", OpsetRange.SUPPORTED.toString());
        assertTrue(OpsetRange.SUPPORTED.contains(7) && OpsetRange.SUPPORTED.contains(26) && !OpsetRange.SUPPORTED.contains(27));
        assertFalse(OpsetRange.SUPPORTED.contains(6) || OpsetRange.SUPPORTED.contains(27));
        assertTrue(OpsetRange.SUPPORTED.contains(new OpsetRange(13, 17)));
        assertFalse(OpsetRange.SUPPORTED.contains(new OpsetRange(1, 22)));
        assertThrows(IllegalArgumentException.class, () -> new OpsetRange(17, 13));
    }

    @Test
    void opSupport() {
        assertTrue(OpSupport.YES.supported());
        assertFalse(OpSupport.NO.supported());
        OpSupport later = OpSupport.fromOpset(13);
        assertFalse(later.supported());
        assertEquals(OpSupport.Kind.FROM_LATER_OPSET, later.kind());
        assertEquals(13, later.fromOpset());
        assertThrows(IllegalArgumentException.class, () -> new OpSupport(OpSupport.Kind.YES, 9));
        assertThrows(IllegalArgumentException.class, () -> OpSupport.fromOpset(0));
    }
}
