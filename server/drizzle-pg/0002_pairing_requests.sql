CREATE TABLE "pairing_guesses" (
	"who" text PRIMARY KEY NOT NULL,
	"since" bigint NOT NULL,
	"count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pairing_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"live_code" text,
	"kind" text NOT NULL,
	"secret_hash" text NOT NULL,
	"seal_key" text NOT NULL,
	"address" text NOT NULL,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL,
	"confirmed_at" bigint,
	"device_id" integer,
	"device_name" text,
	"sealed_token" text,
	"forget_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "pairing_guesses_since" ON "pairing_guesses" USING btree ("since");--> statement-breakpoint
CREATE UNIQUE INDEX "pairing_requests_live_code" ON "pairing_requests" USING btree ("live_code");--> statement-breakpoint
CREATE INDEX "pairing_requests_code" ON "pairing_requests" USING btree ("code");--> statement-breakpoint
CREATE INDEX "pairing_requests_forget_at" ON "pairing_requests" USING btree ("forget_at");