import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';

/**
 * An HTTP client for the official `twilio` SDK that sends every request to `baseUrl` instead of
 * `https://api.twilio.com` (the SDK has no base-URL setting, but takes an `httpClient`).
 */
export function sdkHttpClient(
  baseUrl: string,
  options?: RequestClient.RequestClientOptions,
): RequestClient {
  class RedirectingRequestClient extends twilio.RequestClient {
    override request<TData>(opts: RequestClient.RequestOptions<TData>) {
      return super.request({ ...opts, uri: opts.uri.replace(/^https?:\/\/[^/]+/, baseUrl) });
    }
  }
  return new RedirectingRequestClient(options);
}
