-- Charging tables: row-level security per territory (0001_tenancy), checks, and validated runs made immutable.
SELECT mutualis_enable_tenancy('charging_years');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('support_centres');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('support_shares');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('cost_lines');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('driver_values');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('work_units');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('charging_runs');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('charging_run_lines');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('statement_lines');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('installment_payments');
--> statement-breakpoint
ALTER TABLE charging_years ADD CONSTRAINT charging_years_method_check CHECK (support_method IN ('stepDown', 'reciprocal'));
--> statement-breakpoint
ALTER TABLE support_shares ADD CONSTRAINT support_shares_recipient_check CHECK ((recipient_centre_id IS NULL) <> (recipient_service_id IS NULL) AND percent >= 0 AND percent <= 100);
--> statement-breakpoint
ALTER TABLE cost_lines ADD CONSTRAINT cost_lines_values_check CHECK ((service_id IS NULL) <> (centre_id IS NULL) AND phase IN ('budget', 'actual') AND category IN ('staff', 'operating', 'investment', 'support', 'overhead') AND amount_cents >= 0);
--> statement-breakpoint
ALTER TABLE driver_values ADD CONSTRAINT driver_values_value_check CHECK (value >= 0);
--> statement-breakpoint
ALTER TABLE work_units ADD CONSTRAINT work_units_units_check CHECK (units > 0);
--> statement-breakpoint
ALTER TABLE charging_runs ADD CONSTRAINT charging_runs_values_check CHECK (phase IN ('provisional', 'final') AND status IN ('draft', 'validated') AND version >= 1 AND support_method IN ('stepDown', 'reciprocal'));
--> statement-breakpoint
ALTER TABLE statement_lines ADD CONSTRAINT statement_lines_values_check CHECK (kind IN ('charge', 'installment', 'paid', 'settlement') AND payment_route IN ('invoice', 'compensationDeduction'));
--> statement-breakpoint
ALTER TABLE installment_payments ADD CONSTRAINT installment_payments_amount_check CHECK (amount_cents > 0);
--> statement-breakpoint
-- A validated run is immutable: no update (but the draft → validated step itself), no delete.
CREATE FUNCTION charging_run_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'validated' THEN
    RAISE EXCEPTION 'charging run % is validated: it cannot be changed', OLD.id USING ERRCODE = 'P0001';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
--> statement-breakpoint
CREATE TRIGGER charging_runs_immutable BEFORE UPDATE OR DELETE ON charging_runs FOR EACH ROW EXECUTE FUNCTION charging_run_immutable();
--> statement-breakpoint
-- Lines of a validated run: no update or delete, no insert but in the transaction that wrote the run (a restore).
CREATE FUNCTION charging_run_line_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  run_status text;
  run_written_now boolean;
  row_run uuid;
  row_territory uuid;
BEGIN
  IF TG_OP = 'INSERT' THEN
    row_run := NEW.run_id; row_territory := NEW.territory_id;
  ELSE
    row_run := OLD.run_id; row_territory := OLD.territory_id;
  END IF;
  SELECT status, xmin::text = (pg_current_xact_id()::xid)::text INTO run_status, run_written_now
    FROM charging_runs WHERE territory_id = row_territory AND id = row_run;
  IF run_status = 'validated' AND NOT (TG_OP = 'INSERT' AND run_written_now) THEN
    RAISE EXCEPTION 'charging run % is validated: its lines cannot be changed', row_run USING ERRCODE = 'P0001';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
--> statement-breakpoint
CREATE TRIGGER charging_run_lines_immutable BEFORE INSERT OR UPDATE OR DELETE ON charging_run_lines FOR EACH ROW EXECUTE FUNCTION charging_run_line_immutable();
--> statement-breakpoint
CREATE TRIGGER statement_lines_immutable BEFORE INSERT OR UPDATE OR DELETE ON statement_lines FOR EACH ROW EXECUTE FUNCTION charging_run_line_immutable();
