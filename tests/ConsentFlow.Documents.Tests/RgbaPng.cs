using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ConsentFlow.Documents.Tests;

/// <summary>Writes 8-bit RGBA PNGs, the format a tablet canvas exports, for signature test images.</summary>
internal static class RgbaPng
{
    /// <summary>A transparent canvas with a dark scribble, like a finger signature.</summary>
    public static byte[] Scribble(int width = 240, int height = 80)
    {
        var pixels = new byte[width * height * 4];
        for (var x = 4; x < width - 4; x++)
        {
            var y = (int)(height / 2 + Math.Sin(x / 9.0) * height / 3);
            for (var dy = -1; dy <= 1; dy++)
            {
                var offset = ((y + dy) * width + x) * 4;
                pixels[offset] = 20; pixels[offset + 1] = 30; pixels[offset + 2] = 90; pixels[offset + 3] = 255;
            }
        }

        return Encode(width, height, pixels);
    }

    static byte[] Encode(int width, int height, byte[] rgba)
    {
        using var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 6; // colour type RGBA
        Chunk(output, "IHDR", header);

        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (var row = 0; row < height; row++)
            {
                zlib.WriteByte(0); // filter: none
                zlib.Write(rgba, row * width * 4, width * 4);
            }
        }

        Chunk(output, "IDAT", raw.ToArray());
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    static void Chunk(Stream output, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        output.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(length, Crc32(typeAndData));
        output.Write(length);
    }

    static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }

        return ~crc;
    }
}
