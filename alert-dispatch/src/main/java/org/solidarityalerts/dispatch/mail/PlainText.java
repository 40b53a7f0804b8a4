package org.solidarityalerts.dispatch.mail;

import java.util.ArrayDeque;
import java.util.Deque;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;
import org.jspecify.annotations.Nullable;

/**
 * Turns the limited HTML of an alert's body (p, br, strong, em, b, i, ul, ol, li,
 * blockquote, h2, h3, a) into plain text that reads like the HTML: paragraphs apart,
 * headings underlined, list items on lines of their own with a dash or their number,
 * quotations behind "> ", emphasis between * or _, and links as "text <url>". Walked with
 * jsoup's {@link NodeTraversor}; anything else the sanitiser let through is read as its
 * text.
 */
final class PlainText {

	private PlainText() {
	}

	/**
	 * The plain text of sanitised HTML.
	 * @param html the HTML
	 * @return the text, without leading or trailing blank lines
	 */
	static String of(String html) {
		Writer writer = new Writer();
		NodeTraversor.traverse(writer, Jsoup.parseBodyFragment(html).body());
		return writer.text();
	}

	private static final class Writer implements NodeVisitor {

		private final StringBuilder out = new StringBuilder();

		/** Line breaks owed before the next text: 1 for a new line, 2 for a blank one. */
		private int pendingBreaks;

		private int quoteDepth;

		/**
		 * The least quotation depth since the breaks were owed, for their blank lines.
		 */
		private int breakDepth = Integer.MAX_VALUE;

		/** Each open list: its next number, or -1 for a bulleted list. */
		private final Deque<int[]> lists = new ArrayDeque<>();

		/** Where each open link or heading began in {@link #out}. */
		private final Deque<Integer> starts = new ArrayDeque<>();

		@Override
		public void head(Node node, int depth) {
			if (node instanceof TextNode text) {
				write(text.text().replaceAll("\\s+", " "));
				return;
			}
			if (!(node instanceof Element element)) {
				return;
			}
			switch (element.normalName()) {
				case "p", "ul", "ol" -> {
					breakLines(this.lists.isEmpty() ? 2 : 1);
					if (!element.normalName().equals("p")) {
						this.lists.push(new int[] { element.normalName().equals("ol") ? 1 : -1 });
					}
				}
				case "blockquote" -> {
					breakLines(2);
					this.quoteDepth++;
				}
				case "h2", "h3" -> {
					breakLines(2);
					this.starts.push(this.out.length());
				}
				case "li" -> {
					breakLines(1);
					int[] list = this.lists.peek();
					String marker = (list == null || list[0] < 0) ? "- " : (list[0]++) + ". ";
					writeRaw(marker);
				}
				case "br" -> {
					this.pendingBreaks = Math.min(2, this.pendingBreaks + 1);
					this.breakDepth = Math.min(this.breakDepth, this.quoteDepth);
				}
				case "strong", "b" -> write("*");
				case "em", "i" -> write("_");
				case "a" -> this.starts.push(this.out.length());
				default -> {
				}
			}
		}

		@Override
		public void tail(Node node, int depth) {
			if (!(node instanceof Element element)) {
				return;
			}
			switch (element.normalName()) {
				case "p" -> breakLines(this.lists.isEmpty() ? 2 : 1);
				case "ul", "ol" -> {
					this.lists.pop();
					breakLines(this.lists.isEmpty() ? 2 : 1);
				}
				case "blockquote" -> {
					this.quoteDepth--;
					breakLines(2);
				}
				case "h2", "h3" -> {
					int start = this.starts.pop();
					int length = this.out.substring(start)
						.strip()
						.codePointCount(0, this.out.substring(start).strip().length());
					breakLines(1);
					writeRaw((element.normalName().equals("h2") ? "=" : "-").repeat(Math.max(3, length)));
					breakLines(2);
				}
				case "li" -> breakLines(1);
				case "strong", "b" -> appendInline("*");
				case "em", "i" -> appendInline("_");
				case "a" -> link(this.starts.pop(), element.attr("href"));
				default -> {
				}
			}
		}

		private void link(int start, @Nullable String href) {
			if (href == null || href.isBlank()) {
				return;
			}
			String label = this.out.substring(start).strip();
			if (label.isEmpty()) {
				write(href);
			}
			else if (!label.equals(href)) {
				appendInline(" <" + href + ">");
			}
		}

		private void breakLines(int breaks) {
			if (this.out.length() > 0) {
				this.pendingBreaks = Math.max(this.pendingBreaks, breaks);
				this.breakDepth = Math.min(this.breakDepth, this.quoteDepth);
			}
		}

		/** Inline text: leading space dropped at the start of a line. */
		private void write(String text) {
			if (this.pendingBreaks > 0 || atLineStart()) {
				text = text.stripLeading();
				if (text.isEmpty()) {
					return;
				}
			}
			writeRaw(text);
		}

		/** Closing marks and link addresses, which stay on the line they end. */
		private void appendInline(String text) {
			int end = this.out.length();
			while (end > 0 && this.out.charAt(end - 1) == ' ') {
				end--;
			}
			String trailing = this.out.substring(end);
			this.out.setLength(end);
			this.out.append(text).append(trailing);
		}

		private void writeRaw(String text) {
			if (this.pendingBreaks > 0) {
				trimTrailingSpaces();
				for (int i = 0; i < this.pendingBreaks; i++) {
					this.out.append('\n');
					if (i < this.pendingBreaks - 1) {
						this.out.append("> ".repeat(Math.min(this.breakDepth, this.quoteDepth)).stripTrailing());
					}
				}
				this.pendingBreaks = 0;
				this.breakDepth = Integer.MAX_VALUE;
				this.out.append(quotePrefix()).append(indent());
			}
			else if (this.out.length() == 0) {
				this.out.append(quotePrefix()).append(indent());
			}
			this.out.append(text);
		}

		private boolean atLineStart() {
			int length = this.out.length();
			if (length == 0) {
				return true;
			}
			String line = this.out.substring(this.out.lastIndexOf("\n") + 1);
			return line.isBlank() || line.equals(quotePrefix() + indent()) || line.endsWith("- ")
					|| line.matches(".*\\d+\\. ");
		}

		private void trimTrailingSpaces() {
			int end = this.out.length();
			while (end > 0 && this.out.charAt(end - 1) == ' ') {
				end--;
			}
			this.out.setLength(end);
		}

		private String quotePrefix() {
			return "> ".repeat(this.quoteDepth);
		}

		/** List items nested in list items are indented under their parent's text. */
		private String indent() {
			return "   ".repeat(Math.max(0, this.lists.size() - 1));
		}

		String text() {
			return this.out.toString()
				.lines()
				.map(String::stripTrailing)
				.reduce((a, b) -> a + "\n" + b)
				.orElse("")
				.strip();
		}

	}

}
