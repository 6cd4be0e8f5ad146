package dev.helpline.connector.supportapi;

import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.Header;
import retrofit2.http.POST;
import retrofit2.http.PUT;
import retrofit2.http.Path;
import retrofit2.http.Query;
import retrofit2.http.Streaming;

/**
 * The Support API v1 ticket endpoints. Every method returns the raw body and is {@link Streaming}:
 * Retrofit would otherwise buffer the whole body before we could apply the size cap, and the JSON
 * is read with Moshi's streaming reader (no reflection, so no keep rules for model classes). Kept by
 * {@code META-INF/proguard/helpline-core.pro}.
 */
interface SupportApiService {
  @Streaming
  @POST("v1/tickets")
  Call<ResponseBody> createTicket(@Header("Authorization") String authorization,
      @Header("Idempotency-Key") String idempotencyKey, @Body RequestBody body);

  @Streaming
  @GET("v1/tickets/{id}")
  Call<ResponseBody> getTicket(@Header("Authorization") String authorization, @Path("id") String ticketId,
      @Header("If-None-Match") @Nullable String etag);

  @Streaming
  @GET("v1/submissions/{submissionId}")
  Call<ResponseBody> submission(@Header("Authorization") String authorization,
      @Path("submissionId") String submissionId);

  @Streaming
  @GET("v1/tickets")
  Call<ResponseBody> listTickets(@Header("Authorization") String authorization, @Query("cursor") @Nullable String cursor,
      @Query("limit") @Nullable Integer limit);

  @Streaming
  @GET("v1/tickets/{id}/messages")
  Call<ResponseBody> messages(@Header("Authorization") String authorization, @Path("id") String ticketId,
      @Query("cursor") @Nullable String cursor, @Query("limit") @Nullable Integer limit);

  @Streaming
  @POST("v1/tickets/{id}/messages")
  Call<ResponseBody> reply(@Header("Authorization") String authorization, @Path("id") String ticketId,
      @Body RequestBody body);

  @Streaming
  @PUT("v1/tickets/{id}/rating")
  Call<ResponseBody> rate(@Header("Authorization") String authorization, @Path("id") String ticketId,
      @Body RequestBody body);
}
