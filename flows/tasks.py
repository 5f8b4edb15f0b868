"""Prefect tasks: thin wrappers that add retries, backoff and logging around the stage functions
(flows.crawl, flows.extraction, flows.validate, flows.stages). The work itself stays testable
without Prefect."""
from __future__ import annotations

from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import task_run
from prefect.tasks import exponential_backoff

from . import progress, stages
from .crawl import outcome_counts, run_crawl, site_outcomes, site_problems
from .errors import CrawlFailed
from .extraction import DEFAULT_TIMEOUT, TransientFailure, extract_document
from .registry import registry_hosts
from .validate import validate

EXTRACT_RETRIES = 1


@task(name="crawl", retries=2, retry_delay_seconds=exponential_backoff(backoff_factor=30),
      cache_policy=NO_CACHE)
def record_registry(data_dir: str, registry: list[str]) -> None:
    """Keep the registry files this crawl ran on beside its output (data/crawl/registry/), so the
    load measures coverage against the sites crawled."""
    import shutil

    dest = Path(data_dir) / "crawl" / "registry"
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for i, path in enumerate(registry):
        shutil.copyfile(path, dest / f"{i:02d}-{Path(path).name}")


def crawl_task(data_dir: str, registry: list[str], sites: list[str] | None = None,
               spider_args: dict | None = None, settings: dict | None = None, env: dict | None = None,
               timeout: float = 6 * 3600) -> dict:
    logger = get_run_logger()
    logger.info("scrapy crawl reports -a registry=%s%s", ",".join(registry),
                f" -a sites={','.join(sites)}" if sites else "")

    report = progress.get()

    def on_line(line: str) -> None:
        if line.strip():
            logger.info("scrapy | %s", line)
            report.advance("crawl", note=line.split("] ", 1)[-1])

    result = run_crawl(data_dir, registry, sites=sites, spider_args=spider_args, settings=settings, env=env,
                       timeout=timeout, on_line=on_line)
    if not result.ok:
        raise CrawlFailed(result.error())
    logger.info("crawl finished in %.1fs", result.seconds)
    record_registry(data_dir, registry)
    problems = site_problems(result.warnings, registry_hosts(registry))
    for p in problems:
        logger.warning("site %s: %s", p["site_id"], p["reason"])
    outcomes = site_outcomes(data_dir, sites)
    return {"seconds": result.seconds, "stats": result.stats, "problems": problems,
            "site_outcomes": outcome_counts(outcomes)}


# Retried once, after a pause, only for a timeout or a crash (TransientFailure); on the last
# attempt the document is quarantined instead, so this task never fails the run.
@task(name="extract", retries=EXTRACT_RETRIES, retry_delay_seconds=[5],
      retry_condition_fn=lambda task, run, state: _is_transient(state),
      cache_policy=NO_CACHE, task_run_name="extract-{sha256:.12}")
def extract_task(data_dir: str, sha256: str, content_type: str | None, version: str,
                 url: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> dict:
    final = task_run.get_run_count() > EXTRACT_RETRIES
    outcome = extract_document(data_dir, sha256, content_type, version=version, timeout=timeout,
                               final_attempt=final, url=url)
    if outcome.status == "failed":
        get_run_logger().warning("quarantined %s (%s): %s", sha256[:12], url or "?", outcome.reason)
    return outcome.as_dict()


def _is_transient(state) -> bool:
    try:
        state.result()
    except TransientFailure:
        return True
    except Exception:  # noqa: BLE001 - any other failure is not worth a retry
        return False
    return False


@task(name="validate", cache_policy=NO_CACHE)
def validate_task(data_dir: str, shas: list[str], version: str, listing_years: dict | None = None) -> dict:
    v = validate(data_dir, shas, version, listing_years)
    logger = get_run_logger()
    for bad in v.invalid:
        logger.warning("kept out of the dataset %s: %s", bad["sha256"][:12], bad["reason"])
    for odd in v.warnings:
        logger.warning("%s: %s", odd["sha256"][:12], odd["reason"])
    logger.info("%d documents hold %d reports (%d facts, %d failed checks)", v.with_reports, v.reports,
                v.facts, v.failed_checks)
    return v.as_dict()


@task(name="load", retries=1, retry_delay_seconds=10, cache_policy=NO_CACHE)
def load_task(data_dir: str) -> dict:
    out = stages.load(data_dir)
    out["totals"] = stages.totals(data_dir)
    get_run_logger().info("loaded %s", ", ".join(f"{k} {v}" for k, v in out.get("rows", {}).items()))
    return out


@task(name="publish", retries=1, retry_delay_seconds=10, cache_policy=NO_CACHE)
def publish_task(data_dir: str, date: str | None = None) -> dict:
    out = stages.publish(data_dir, date)
    get_run_logger().info("published %s", out.get("path"))
    return out


@task(name="verify", cache_policy=NO_CACHE)
def verify_task(target: str) -> dict:
    out = stages.verify(target)
    get_run_logger().info("verified %s: %s", target, out)
    return out
