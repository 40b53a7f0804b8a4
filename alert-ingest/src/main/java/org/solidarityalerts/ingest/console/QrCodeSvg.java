package org.solidarityalerts.ingest.console;

import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * Draws a QR code as inline SVG (zxing's encoder, one path of dark modules): it needs no
 * image request, so it works under the console's content security policy and never sends
 * the second factor's secret anywhere. The SVG holds only the modules and fixed words,
 * never the encoded text, so it is safe to write into the page unescaped.
 */
final class QrCodeSvg {

	/**
	 * The quiet zone around the code, in modules, as the standard asks.
	 */
	static final int MARGIN = 4;

	private QrCodeSvg() {
	}

	/**
	 * The SVG of a QR code.
	 * @param text what the code says
	 * @param label what a screen reader says of the image
	 * @return an {@code <svg>} element, one unit per module
	 */
	static String of(String text, String label) {
		BitMatrix modules;
		try {
			modules = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(EncodeHintType.MARGIN, MARGIN,
					EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.CHARACTER_SET, "UTF-8"));
		}
		catch (WriterException ex) {
			throw new IllegalArgumentException("too long for a QR code", ex);
		}
		int width = modules.getWidth();
		int height = modules.getHeight();
		StringBuilder path = new StringBuilder();
		for (int y = 0; y < height; y++) {
			int x = 0;
			while (x < width) {
				if (!modules.get(x, y)) {
					x++;
					continue;
				}
				int start = x;
				while (x < width && modules.get(x, y)) {
					x++;
				}
				path.append('M')
					.append(start)
					.append(' ')
					.append(y)
					.append('h')
					.append(x - start)
					.append("v1h-")
					.append(x - start)
					.append('z');
			}
		}
		return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 " + width + " " + height
				+ "\" width=\"" + (width * 5) + "\" height=\"" + (height * 5)
				+ "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"" + escape(label) + "\">"
				+ "<rect width=\"" + width + "\" height=\"" + height + "\" fill=\"#fff\"/><path fill=\"#000\" d=\""
				+ path + "\"/></svg>";
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
	}

}
