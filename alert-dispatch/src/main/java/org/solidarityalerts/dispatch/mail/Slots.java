package org.solidarityalerts.dispatch.mail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * A rendered e-mail body with slots for what differs from one subscriber to the next: the
 * greeting and the two signed links. The slot markers carry a random part chosen at
 * start-up, so no alert text can contain one. The text around the slots is kept
 * quoted-printable encoded, each piece ending in a soft line break, so a subscriber's
 * body is their few values encoded and joined to pieces encoded once.
 *
 * @param literals the text around the slots, quoted-printable (ASCII bytes), one more
 * than the slots
 * @param slots which value goes in each slot: 0 the greeting, 1 the preferences link, 2
 * the unsubscribe link, 3 and more the "I did this" link of action 0 and more
 * @param literalsLength the literals' length together
 */
record Slots(List<byte[]> literals, int[] slots, int literalsLength) {

	private static final String NONCE = UUID.randomUUID().toString();

	static final String GREETING = marker("greeting");

	static final String PREFERENCES = marker("preferences");

	static final String UNSUBSCRIBE = marker("unsubscribe");

	private static final List<String> MARKERS = List.of(GREETING, PREFERENCES, UNSUBSCRIBE);

	/**
	 * Followed by an action's index and a full stop, the slot of that action's "I did
	 * this" link.
	 */
	private static final String ACTED = marker("acted-");

	/**
	 * The slot marker of an action's "I did this" link.
	 * @param action the action's index in the alert's actions
	 * @return the marker
	 */
	static String acted(int action) {
		return ACTED + action + ".";
	}

	private static String marker(String name) {
		return "sa-slot-" + NONCE + "-" + name;
	}

	/**
	 * Cuts a rendered e-mail at its slot markers.
	 * @param rendered the rendered text
	 * @return its slots
	 */
	static Slots of(String rendered) {
		List<byte[]> literals = new ArrayList<>();
		List<Integer> slots = new ArrayList<>();
		int from = 0;
		while (true) {
			int next = -1;
			int which = -1;
			int length = 0;
			for (int i = 0; i < MARKERS.size(); i++) {
				int at = rendered.indexOf(MARKERS.get(i), from);
				if (at >= 0 && (next < 0 || at < next)) {
					next = at;
					which = i;
					length = MARKERS.get(i).length();
				}
			}
			int acted = rendered.indexOf(ACTED, from);
			if (acted >= 0 && (next < 0 || acted < next)) {
				int stop = rendered.indexOf('.', acted + ACTED.length());
				next = acted;
				which = MARKERS.size() + Integer.parseInt(rendered.substring(acted + ACTED.length(), stop));
				length = stop + 1 - acted;
			}
			if (next < 0) {
				literals.add(encoded(rendered.substring(from)));
				return new Slots(List.copyOf(literals), slots.stream().mapToInt(Integer::intValue).toArray(),
						literals.stream().mapToInt((literal) -> literal.length).sum());
			}
			literals.add(encoded(rendered.substring(from, next)));
			slots.add(which);
			from = next + length;
		}
	}

	/**
	 * Fills the slots, encoding each value once however often it is used.
	 * @param greeting the greeting, escaped for where it goes
	 * @param preferencesUrl the preferences link, escaped for where it goes
	 * @param unsubscribeUrl the unsubscribe link, escaped for where it goes
	 * @param acted the "I did this" link of an action by its index, escaped for where it
	 * goes
	 * @param encoded values encoded before, by identity: filled in with those encoded now
	 * @return the body, quoted-printable
	 */
	Body fill(String greeting, String preferencesUrl, String unsubscribeUrl, IntFunction<String> acted,
			Map<String, byte[]> encoded) {
		String[] values = { greeting, preferencesUrl, unsubscribeUrl };
		byte[][] pieces = new byte[2 * this.slots.length + 1][];
		int length = this.literalsLength;
		for (int i = 0; i < this.slots.length; i++) {
			int slot = this.slots[i];
			String value = (slot < values.length) ? values[slot] : acted.apply(slot - values.length);
			byte[] piece = encoded.computeIfAbsent(value, Slots::encoded);
			pieces[2 * i] = this.literals.get(i);
			pieces[2 * i + 1] = piece;
			length += piece.length;
		}
		pieces[pieces.length - 1] = this.literals.getLast();
		return new Body(pieces, length);
	}

	/**
	 * A body with its slots filled: the pieces of its quoted-printable text, in order,
	 * copied straight into the message's content (no string is built per subscriber).
	 *
	 * @param pieces the pieces, ASCII
	 * @param length their length together
	 */
	record Body(byte[][] pieces, int length) {

		/**
		 * Copies the body into a message's content.
		 * @param to the content
		 * @param at where the body begins
		 * @return where it ends
		 */
		int copyTo(byte[] to, int at) {
			for (byte[] piece : this.pieces) {
				System.arraycopy(piece, 0, to, at, piece.length);
				at += piece.length;
			}
			return at;
		}

	}

	/**
	 * Encodes a piece of a body as quoted-printable (RFC 2045), byte for byte as Jakarta
	 * Mail's encoder does ({@code QPEncoderStream}, which {@code SlotsTests} checks this
	 * against): line breaks become CRLF, lines are broken softly before 76 characters, a
	 * space before a line break or at the end is encoded, and a piece that does not end a
	 * line ends in a soft line break, so pieces can be joined in any order. Written out
	 * here because it runs for every subscriber's greeting and links: through Jakarta
	 * Mail's stream, which writes each byte to a synchronized buffer, it took a tenth of
	 * the sending threads' CPU in the fan-out benchmark's profile (docs/benchmarks.md).
	 * @param text the text
	 * @return its quoted-printable bytes (ASCII)
	 */
	static byte[] encoded(String text) {
		if (text.isEmpty()) {
			return new byte[0];
		}
		byte[] in = text.getBytes(StandardCharsets.UTF_8);
		// At most three characters per byte, a soft line break per 24 bytes, and the
		// last.
		byte[] out = new byte[in.length * 3 + (in.length / 24 + 2) * 3];
		int length = 0;
		int column = 0;
		boolean space = false;
		boolean cr = false;
		for (byte b : in) {
			int c = b & 0xff;
			if (space) {
				// A space is encoded only before a line break.
				boolean encode = c == '\r' || c == '\n';
				int width = encode ? 3 : 1;
				if (column + width > LINE) {
					length = softBreak(out, length);
					column = 0;
				}
				length = encode ? hex(out, length, ' ') : put(out, length, ' ');
				column += width;
				space = false;
			}
			if (c == '\r' || (c == '\n' && !cr)) {
				out[length++] = '\r';
				out[length++] = '\n';
				column = 0;
			}
			else if (c == ' ') {
				space = true;
			}
			else if (c != '\n') {
				boolean encode = c < 32 || c >= 127 || c == '=';
				int width = encode ? 3 : 1;
				if (column + width > LINE) {
					length = softBreak(out, length);
					column = 0;
				}
				length = encode ? hex(out, length, c) : put(out, length, c);
				column += width;
			}
			cr = c == '\r';
		}
		if (space) {
			if (column + 3 > LINE) {
				length = softBreak(out, length);
			}
			length = hex(out, length, ' ');
		}
		boolean endsLine = length >= 2 && out[length - 2] == '\r' && out[length - 1] == '\n';
		if (!endsLine) {
			length = softBreak(out, length);
		}
		return Arrays.copyOf(out, length);
	}

	/** Characters on a line before its soft line break's {@code =}. */
	private static final int LINE = 75;

	private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

	private static int softBreak(byte[] out, int at) {
		out[at] = '=';
		out[at + 1] = '\r';
		out[at + 2] = '\n';
		return at + 3;
	}

	private static int hex(byte[] out, int at, int c) {
		out[at] = '=';
		out[at + 1] = HEX[c >> 4];
		out[at + 2] = HEX[c & 0xf];
		return at + 3;
	}

	private static int put(byte[] out, int at, int c) {
		out[at] = (byte) c;
		return at + 1;
	}

}
