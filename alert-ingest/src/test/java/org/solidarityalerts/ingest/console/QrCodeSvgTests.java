package org.solidarityalerts.ingest.console;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QrCodeSvgTests {

	private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");

	private static final Pattern RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-\\3z");

	@Test
	void theSvgDecodesBackToTheOtpauthAddress() throws Exception {
		String uri = new SecondFactor().uri("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "ayla@example.org");
		String svg = QrCodeSvg.of(uri, "QR code of the address");
		assertThat(decode(svg)).isEqualTo(uri);
	}

	@Test
	void everyNewSecretsCodeDecodesBack() throws Exception {
		SecondFactor secondFactor = new SecondFactor();
		for (int i = 0; i < 500; i++) {
			String uri = secondFactor.uri(secondFactor.newSecret(),
					"noor@rights-" + UUID.randomUUID().toString().substring(0, 8) + ".example.org");
			assertThat(decode(QrCodeSvg.of(uri, "QR code of the address"))).isEqualTo(uri);
		}
	}

	@Test
	void theSvgHoldsNoTextButItsLabelAndNeedsNoImageRequest() {
		String svg = QrCodeSvg.of("otpauth://totp/Solidarity%20alerts:a%3Cb?secret=ABC", "a \"code\" <here>");
		assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")
			.doesNotContain("otpauth")
			.doesNotContain("href")
			.doesNotContain("style")
			.contains("aria-label=\"a &quot;code&quot; &lt;here>\"");
	}

	/**
	 * Paints the SVG's runs of dark modules, four pixels a module, and reads the code as
	 * the image it is: the code alone, unrotated. (Without that hint zxing's detector
	 * looks for finder patterns as in a photograph and misreads about one code in 200
	 * drawn this cleanly: a pattern in the data taken for a finder, a checksum error.)
	 */
	static String decode(String svg) throws Exception {
		Matcher box = VIEW_BOX.matcher(svg);
		assertThat(box.find()).isTrue();
		int scale = 4;
		int width = Integer.parseInt(box.group(1)) * scale;
		int height = Integer.parseInt(box.group(2)) * scale;
		int[] pixels = new int[width * height];
		java.util.Arrays.fill(pixels, 0xFFFFFFFF);
		Matcher run = RUN.matcher(svg);
		while (run.find()) {
			int x0 = Integer.parseInt(run.group(1)) * scale;
			int y0 = Integer.parseInt(run.group(2)) * scale;
			int length = Integer.parseInt(run.group(3)) * scale;
			for (int y = y0; y < y0 + scale; y++) {
				for (int x = x0; x < x0 + length; x++) {
					pixels[y * width + x] = 0xFF000000;
				}
			}
		}
		return new QRCodeReader()
			.decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels))),
					Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE))
			.getText();
	}

}
