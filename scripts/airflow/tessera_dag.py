"""Tessera on Airflow: one pipeline run per logical date, each writing its own output folder.

Retries and backfills are idempotent: a run for date D always writes OUTPUT_ROOT/D with run id D, so a retry
reuses the stages that run already finished (same config, same fingerprints) and rewrites the same output.

Settings (Airflow Variables, or environment variables of the same name for tests):
  TESSERA_CONFIG       the run config, readable where spark-submit runs (default conf/tessera.yaml)
  TESSERA_OUTPUT_ROOT  where each day's dataset goes (default s3a://tessera/datasets)
  TESSERA_JAR          the shaded application jar (default tessera.jar)
  TESSERA_CONN_ID      the Spark connection (default spark_default)
Secrets (S3 keys, TESSERA_AUTHOR_HASH_KEY) come from the cluster's environment or credential providers, never
from this file.
"""
import os
from datetime import datetime, timedelta


def setting(name, default):
    """An Airflow Variable, else the environment, else the default."""
    try:
        from airflow.models import Variable

        return Variable.get(name, default_var=os.environ.get(name, default))
    except Exception:  # outside Airflow (tests): the environment
        return os.environ.get(name, default)


def tessera_args(ds):
    """The arguments of `tessera run` for the logical date ds (YYYY-MM-DD)."""
    return [
        "run",
        "--config", setting("TESSERA_CONFIG", "conf/tessera.yaml"),
        "--output", setting("TESSERA_OUTPUT_ROOT", "s3a://tessera/datasets").rstrip("/") + "/" + ds,
        "--run-id", ds,
        "--set", "run.strict=false",
    ]


try:
    from airflow import DAG
    from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
except ImportError:  # the test imports this file without Airflow
    DAG = None

if DAG is not None:
    with DAG(
        dag_id="tessera_daily",
        description="Build the day's cultural dataset with Tessera",
        start_date=datetime(2026, 1, 1),
        schedule="@daily",
        catchup=True,
        max_active_runs=1,
        default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
        tags=["tessera"],
    ) as dag:
        SparkSubmitOperator(
            task_id="tessera_run",
            conn_id=setting("TESSERA_CONN_ID", "spark_default"),
            application=setting("TESSERA_JAR", "tessera.jar"),
            java_class="io.tessera.cli.Tessera",
            application_args=tessera_args("{{ ds }}"),
            name="tessera-{{ ds }}",
            conf={"spark.sql.shuffle.partitions": "200"},
            env_vars={"TESSERA_PROGRESS": "lines"},  # progress as one log line per interval
        )
