package dev.onnxport.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HalfTest {
    private static boolean fp16IsNaN(int h) { return (h & 0x7c00) == 0x7c00 && (h & 0x3ff) != 0; }
    private static boolean bf16IsNaN(int h) { return (h & 0x7f80) == 0x7f80 && (h & 0x7f) != 0; }

    private static String hex(int h) { return String.format("0x%04x", h & 0xffff); }

    @Test
    void everyFp16PatternRoundTripsThroughFloat() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Half.fp16ToFloat((short) h);
            if (fp16IsNaN(h)) {
                assertTrue(Float.isNaN(f), hex(h));
                assertTrue(fp16IsNaN(Half.floatToFp16(f)), hex(h));
            } else {
                assertEquals(hex(h), hex(Half.floatToFp16(f)));
            }
        }
    }

    @Test
    void everyBf16PatternRoundTripsThroughFloat() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Half.bf16ToFloat((short) h);
            if (bf16IsNaN(h)) {
                assertTrue(Float.isNaN(f), hex(h));
                assertTrue(bf16IsNaN(Half.floatToBf16(f)), hex(h));
            } else {
                assertEquals(hex(h), hex(Half.floatToBf16(f)));
            }
        }
    }

    @Test
    void fp16ValuesAreExact() {
        assertEquals(1.0f, Half.fp16ToFloat((short) 0x3c00));
        assertEquals(65504f, Half.fp16ToFloat((short) 0x7bff));
        assertEquals(0x1p-24f, Half.fp16ToFloat((short) 0x0001));
        assertEquals(0x1p-14f, Half.fp16ToFloat((short) 0x0400));
        assertEquals(-2f, Half.fp16ToFloat((short) 0xc000));
        assertEquals(Float.NEGATIVE_INFINITY, Half.fp16ToFloat((short) 0xfc00));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(Half.fp16ToFloat((short) 0x8000)));
    }

    private static void fp16(float f, int want) { assertEquals(hex(want), hex(Half.floatToFp16(f)), "fp16 of " + f); }
    private static void bf16(float f, int want) { assertEquals(hex(want), hex(Half.floatToBf16(f)), "bf16 of " + f); }

    @Test
    void fp16RoundsToNearestEven() {
        fp16(1 + 0x1p-11f, 0x3c00);                 // halfway between 1 and 1 + 2^-10: to even (1)
        fp16(1 + 3 * 0x1p-11f, 0x3c02);             // halfway between 0x3c01 and 0x3c02: to even
        fp16(1 + 0x1p-11f + 0x1p-20f, 0x3c01);      // just above halfway: up
        fp16(1 + 0x1p-11f - 0x1p-20f, 0x3c00);      // just below halfway: down
        fp16(65519f, 0x7bff);                       // below the midpoint to 65536: max finite
        fp16(65520f, 0x7c00);                       // the midpoint rounds to even, which is infinity
        fp16(1e10f, 0x7c00);
        fp16(-1e10f, 0xfc00);
        fp16(0x1p-24f, 0x0001);                     // smallest subnormal
        fp16(0x1p-25f, 0x0000);                     // half of it: ties to even zero
        fp16(1.5f * 0x1p-25f, 0x0001);
        fp16(3 * 0x1p-25f, 0x0002);                 // 1.5 subnormal ulps: to even 2
        fp16(0x1p-14f - 0x1p-25f, 0x0400);          // halfway from the largest subnormal to the smallest normal
        fp16(-0f, 0x8000);
        fp16(0x1p-30f, 0x0000);
        fp16(-0x1p-30f, 0x8000);
        fp16(0.1f, 0x2e66);
        fp16(1f / 3, 0x3555);
    }

    @Test
    void bf16RoundsToNearestEven() {
        bf16(1 + 0x1p-8f, 0x3f80);                  // halfway between 1 and 1 + 2^-7: to even
        bf16(1 + 3 * 0x1p-8f, 0x3f82);
        bf16(1 + 0x1p-8f + 0x1p-20f, 0x3f81);
        bf16(Float.MAX_VALUE, 0x7f80);              // rounds up to infinity, as PyTorch does
        bf16(Float.NEGATIVE_INFINITY, 0xff80);
        bf16(-0f, 0x8000);
        bf16(Float.MIN_VALUE, 0x0000);              // the smallest float subnormal is far below half a bf16 ulp
        bf16(0.1f, 0x3dcd);
        bf16(1f / 3, 0x3eab);
        assertTrue(Float.isNaN(Half.bf16ToFloat(Half.floatToBf16(Float.intBitsToFloat(0x7f800001)))), "a NaN with low payload stays NaN");
    }
}
