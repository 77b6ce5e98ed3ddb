package io.onair.media.aac;

/** samplingFrequencyIndex (ISO/IEC 14496-3 §1.6.3.4, Table 1.18); 13 and 14 are reserved, 15 means explicit. */
final class SamplingFrequency {
    static final int EXPLICIT = 15;
    private static final int[] RATES = {
            96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};

    private SamplingFrequency() {
    }

    /** The rate of a table index, or -1 for the reserved indexes 13 and 14 and for 15. */
    static int rate(int index) {
        return index < RATES.length ? RATES[index] : -1;
    }

    /** The index of a rate in the table, or -1 if it has to be written explicitly. */
    static int index(int rate) {
        for (int i = 0; i < RATES.length; i++) {
            if (RATES[i] == rate) {
                return i;
            }
        }
        return -1;
    }
}
