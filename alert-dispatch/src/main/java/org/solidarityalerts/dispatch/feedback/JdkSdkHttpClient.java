package org.solidarityalerts.dispatch.feedback;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The SDK's HTTP client interface over the JDK's HTTP client, for what the SNS webhook
 * needs: fetching a signing certificate, and confirming a subscription, with a GET. The
 * SDK's own clients for this SDK version are not all published where the build fetches
 * from, and the JDK's client needs no further dependency.
 */
final class JdkSdkHttpClient implements SdkHttpClient {

	private final HttpClient client = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	@Override
	public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
		if (request.httpRequest().method() != SdkHttpMethod.GET) {
			throw new UnsupportedOperationException("Only GET is supported");
		}
		HttpRequest get = HttpRequest.newBuilder(request.httpRequest().getUri())
			.timeout(Duration.ofSeconds(10))
			.GET()
			.build();
		return new ExecutableHttpRequest() {

			@Override
			public HttpExecuteResponse call() throws IOException {
				try {
					HttpResponse<InputStream> response = JdkSdkHttpClient.this.client.send(get,
							HttpResponse.BodyHandlers.ofInputStream());
					return HttpExecuteResponse.builder()
						.response(SdkHttpResponse.builder().statusCode(response.statusCode()).build())
						.responseBody(AbortableInputStream.create(response.body()))
						.build();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IOException(ex);
				}
			}

			@Override
			public void abort() {
			}

		};
	}

	@Override
	public void close() {
		this.client.close();
	}

}
