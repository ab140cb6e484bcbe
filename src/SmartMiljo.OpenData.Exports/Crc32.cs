namespace SmartMiljo.OpenData.Exports;

/// <summary>
/// CRC-32 as zip and gzip use it (reflected polynomial 0xEDB88320), and the CRC of two byte runs joined from
/// the CRCs of each (<see cref="Combine"/>): the zip built from stored .gz files takes each file's CRC from its
/// gzip trailer instead of reading the file again.
/// </summary>
public static class Crc32
{
    private const uint Polynomial = 0xEDB88320;
    private static readonly uint[] Table = BuildTable();

    /// <summary>x^(2^k) modulo the polynomial, for k = 0..31, in the reflected representation.</summary>
    private static readonly uint[] PowersOfX = BuildPowers();

    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>The CRC of the bytes so far (<paramref name="crc"/>) followed by <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var c = ~crc;
        foreach (var b in data) c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        return ~c;
    }

    /// <summary>The CRC of A followed by B, from CRC(A), CRC(B) and B's length: CRC(A) carried over
    /// <paramref name="lengthOfSecond"/> more bytes (a multiplication by x^(8·length) modulo the polynomial),
    /// then combined with CRC(B).</summary>
    public static uint Combine(uint crcOfFirst, uint crcOfSecond, long lengthOfSecond) =>
        MultiplyModP(PowerOfXModP(lengthOfSecond, 3), crcOfFirst) ^ crcOfSecond;

    /// <summary>a·b modulo the polynomial; the most significant bit is x^0 (reflected).</summary>
    private static uint MultiplyModP(uint a, uint b)
    {
        var m = 1u << 31;
        var product = 0u;
        while (true)
        {
            if ((a & m) != 0)
            {
                product ^= b;
                if ((a & (m - 1)) == 0) break;
            }
            m >>= 1;
            b = (b & 1) != 0 ? (b >> 1) ^ Polynomial : b >> 1;
        }
        return product;
    }

    /// <summary>x^(n·2^k) modulo the polynomial.</summary>
    private static uint PowerOfXModP(long n, int k)
    {
        var p = 1u << 31; // x^0
        while (n > 0)
        {
            if ((n & 1) != 0) p = MultiplyModP(PowersOfX[k & 31], p);
            n >>= 1;
            k++;
        }
        return p;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }

    private static uint[] BuildPowers()
    {
        var powers = new uint[32];
        var p = 1u << 30; // x^1
        powers[0] = p;
        for (var n = 1; n < 32; n++) powers[n] = p = MultiplyModP(p, p);
        return powers;
    }
}
