package org.solidarityalerts.dispatch.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import com.ibm.icu.text.MessagePattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the service's ICU message bundles in tests: the mail words and the page words
 * are checked the same way.
 */
public final class IcuBundles {

	private IcuBundles() {
	}

	/**
	 * One language's bundle, read as written.
	 * @param baseName the bundle's path without language and extension, e.g.
	 * {@code mail/messages}
	 * @param language the language; English is the base bundle
	 * @return its keys and patterns
	 * @throws IOException if it cannot be read
	 */
	public static Properties load(String baseName, String language) throws IOException {
		String name = "en".equals(language) ? baseName + ".properties" : baseName + "_" + language + ".properties";
		Properties properties = new Properties();
		try (InputStream in = IcuBundles.class.getClassLoader().getResourceAsStream(name)) {
			assertThat(in).as(name).isNotNull();
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return properties;
	}

	/**
	 * The selectors of a plural or select argument ({@code one}, {@code few},
	 * {@code =0}), without those of arguments nested in its messages.
	 * @param pattern the parsed message
	 * @param start the index of the argument's start part
	 * @return its selectors
	 */
	public static Set<String> selectors(MessagePattern pattern, int start) {
		Set<String> selectors = new TreeSet<>();
		int limit = pattern.getLimitPartIndex(start);
		for (int i = start + 1; i < limit; i++) {
			MessagePattern.Part part = pattern.getPart(i);
			if (part.getType() == MessagePattern.Part.Type.ARG_SELECTOR) {
				selectors.add(pattern.getSubstring(part));
			}
			else if (part.getType() == MessagePattern.Part.Type.MSG_START) {
				i = pattern.getLimitPartIndex(i);
			}
		}
		return selectors;
	}

}
