"""The command line: thin wrappers that parse arguments and call the pipeline.

Errors are one readable line (`--verbose` adds the trace). Exit status: 0 when every
input is accounted for (ingested, duplicate, or rejected with its reason); 1 when an
input hit an internal error, or with `--strict` when any input was rejected; 2 for
a usage or environment error.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from storyline.engine import ENGINES, Engine, make_engine
from storyline.model import InputOutcome
from storyline.pipeline import (
    IngestReport,
    cluster_stories,
    consolidate_stage,
    entities_stage,
    extract_stage,
    ingest,
    total_input_bytes,
)
from storyline.report import article_record, write_outputs
from storyline.storage import ArticleFilter, Store, describe_location, open_store
from storyline.stories.build import StoryBuilder

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="storyline: news articles in, consolidated event records out.",
)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

_MAX_PRINTED_REJECTIONS = 30
DEFAULT_DB = os.environ.get("STORYLINE_DB", "storyline.db")

Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Show traces for errors.")]
Db = Annotated[str | None, typer.Option("--db", help="SQLite file or database URL.")]


def _run_ingest(
    paths: list[str], db: str, quiet: bool, verbose: bool, engine: Engine | None = None
) -> tuple[IngestReport, Store]:
    store = open_store(db)
    printed = 0

    def on_outcome(outcome: InputOutcome) -> None:
        nonlocal printed
        if outcome.status == "rejected" and not quiet:
            printed += 1
            if printed <= _MAX_PRINTED_REJECTIONS:
                err.print(f"[red]rejected[/red] {_safe(outcome.key)}: {_safe(outcome.reason)}")

    total = total_input_bytes(paths)
    with Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=quiet or not err.is_terminal,
    ) as progress:
        task = progress.add_task("ingest", total=total or None)
        report = ingest(
            paths,
            store,
            on_progress=lambda n: progress.advance(task, n),
            on_outcome=on_outcome,
            verbose=verbose,
            engine=engine,
        )
    if printed > _MAX_PRINTED_REJECTIONS:
        err.print(f"… and {printed - _MAX_PRINTED_REJECTIONS} more rejected inputs")
    for failure in report.internal_errors:
        err.print(f"[red]error[/red] {_safe(failure.key)}: {_safe(failure.reason)}")
    return report, store


def _run_article_stage(
    label: str,
    stage: Callable[..., object],
    store: Store,
    quiet: bool,
    total: int | None = None,
    **options: object,
) -> None:
    """Run a stage that walks every article (or `total` items), with a bar on a terminal."""
    with Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=quiet or not err.is_terminal,
    ) as progress:
        task = progress.add_task(label, total=total or store.count_articles())
        stage(store, on_progress=lambda n: progress.advance(task, n), **options)


def _run_stages(
    store: Store, quiet: bool, engine: Engine | None = None, builder: StoryBuilder | None = None
) -> None:
    """Every stage after ingestion, in order, each doing only work not already stored;
    the per-article work (embeddings, copy comparison, events, mentions) runs on
    `engine`. With `builder` (watch), stories grow from the ones it holds."""
    twice = 2 * store.count_articles()  # embedded, then clustered
    _run_article_stage(
        "stories", cluster_stories, store, quiet, twice, engine=engine, builder=builder
    )
    _run_article_stage("events", extract_stage, store, quiet, engine=engine)
    _run_article_stage("entities", entities_stage, store, quiet, engine=engine)
    _run_article_stage("consolidate", consolidate_stage, store, quiet, len(store.stories()))


def _safe(text: str | None) -> str:
    return escape(text or "")


def _exit_code(report: IngestReport, strict: bool) -> int:
    if report.internal_errors:
        return 1
    if strict and report.rejected:
        return 1
    return 0


@app.command()
def build(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, or - for stdin.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Output directory.")] = Path("out"),
    db: Db = None,
    strict: Annotated[bool, typer.Option(help="Exit 1 if any input is rejected.")] = False,
    engine_name: Annotated[
        str,
        typer.Option(
            "--engine",
            help="Where parsing and per-article reading run: local (this process), "
            "processes (one worker process per core) or ray (a Ray cluster).",
        ),
    ] = "local",
    address: Annotated[
        str | None,
        typer.Option(help="Ray cluster address (host:port); a local cluster if not given."),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Worker processes for --engine processes.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    verbose: Verbose = False,
) -> None:
    """Run every stage on PATHS and write the outputs to --out.

    Example: storyline build examples/port-arden-2025 --out out/example
    """
    db = db or str(out_dir / "storyline.db")
    if engine_name not in ENGINES:
        raise _UsageError(f"unknown engine {engine_name!r}: choose one of {', '.join(ENGINES)}")
    if address and engine_name != "ray":
        raise _UsageError("--address is for --engine ray")
    if workers and engine_name != "processes":
        raise _UsageError("--workers is for --engine processes")
    engine = make_engine(engine_name, address=address, processes=workers)
    try:
        report, store = _run_ingest(paths, db, quiet, verbose, engine)
        _run_stages(store, quiet, engine)
    finally:
        engine.close()
    files = write_outputs(store, out_dir, describe_location(db))
    store.close()
    code = _exit_code(report, strict)
    err.print(f"{report.summary()}; report: {files['html']}")
    if report.rejected:
        err.print(f"{len(report.rejected)} rejected inputs are listed in {files['rejected']}")
    raise typer.Exit(code)


@app.command()
def watch(
    paths: Annotated[list[str], typer.Argument(help="Files or directories to keep reading.")],
    db: Db = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Rewrite the outputs here after each update.")
    ] = None,
    interval: Annotated[float, typer.Option(min=0.1, help="Seconds between scans.")] = 5.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    verbose: Verbose = False,
) -> None:
    """Keep reading PATHS: each new or changed input is ingested, then stories, events,
    entities and fact sheets are brought up to date (a running `serve` on the same
    database shows them). Stops on Ctrl-C or SIGTERM.

    Example: storyline watch incoming/ --db news.db --out out/news
    """
    import signal
    import time

    db = db or DEFAULT_DB
    stop = False

    def on_term(_signum: int, _frame: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, on_term)
    first = True
    builder = StoryBuilder()  # replays the database once, then takes new articles only
    try:
        while not stop:
            report, store = _run_ingest(paths, db, True, verbose)
            try:
                if first or report.counts["ingested"]:
                    _run_stages(store, True, builder=builder)
                    if out_dir is not None:
                        write_outputs(store, out_dir, describe_location(db))
                    if not quiet:
                        err.print(f"{report.summary()}; {store.count_articles()} articles")
            finally:
                store.close()
            first = False
            deadline = time.monotonic() + interval
            while not stop and time.monotonic() < deadline:
                time.sleep(min(0.1, interval))
    except KeyboardInterrupt:
        pass


@app.command(name="ingest")
def ingest_cmd(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, or - for stdin.")],
    db: Db = None,
    strict: Annotated[bool, typer.Option(help="Exit 1 if any input is rejected.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    verbose: Verbose = False,
) -> None:
    """Read PATHS into the database without writing outputs.

    Example: storyline ingest ../shared/corpus/kerman-2024 --db kerman.db
    """
    report, store = _run_ingest(paths, db or DEFAULT_DB, quiet, verbose)
    store.close()
    err.print(report.summary())
    raise typer.Exit(_exit_code(report, strict))


@app.command()
def articles(
    db: Db = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name or domain.")] = None,
    language: Annotated[str | None, typer.Option(help="ISO 639-1 code.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after (ISO date).")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before (ISO date).")] = None,
    search: Annotated[str | None, typer.Option(help="Word or phrase in title or text.")] = None,
    limit: Annotated[int | None, typer.Option(min=1)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    verbose: Verbose = False,
) -> None:
    """List the articles in the database, filtered.

    Example: storyline articles --db out/example/storyline.db --language fr
    """
    db = db or DEFAULT_DB
    if "://" not in db and not Path(db).exists():
        raise _UsageError(f"no database at {db} (run storyline ingest or build first)")
    store = open_store(db)
    where = ArticleFilter(
        outlet=outlet, language=language, since=since, until=until, text=search, limit=limit
    )
    rows = store.articles(where)
    if as_json:
        for article in rows:
            sys.stdout.write(json.dumps(article_record(article), ensure_ascii=False) + "\n")
    else:
        table = Table(
            "id", "published", "outlet", "agencies", "lang", "sent.", "title", show_lines=False
        )
        n = 0
        for a in rows:
            n += 1
            table.add_row(
                _safe(a.id),
                a.published_iso() or "",
                _safe(a.outlet),
                _safe(", ".join(a.agencies)),
                a.language or "",
                str(len(a.sentences)),
                _safe((a.title or "")[:90]),
            )
        out.print(table)
        err.print(f"{n} articles")
    store.close()


@app.command()
def serve(
    db: Db = None,
    host: Annotated[str, typer.Option(help="Address to listen on (localhost only by default).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    token: Annotated[
        str | None,
        typer.Option(envvar="STORYLINE_TOKEN", help="Bearer token enabling POST /api/articles."),
    ] = None,
) -> None:
    """Serve the stories, fact sheets and an API over HTTP.

    Example: storyline serve --db out/example/storyline.db --token s3cret
    """
    import uvicorn

    from storyline.serve import create_app

    db = db or DEFAULT_DB
    if "://" not in db and not Path(db).exists():
        raise _UsageError(f"no database at {db} (run storyline build first)")
    err.print(f"serving {_safe(db)} on http://{host}:{port}/")
    uvicorn.run(create_app(db, token=token), host=host, port=port, log_level="warning")


class _UsageError(Exception):
    pass


def main() -> None:
    verbose = "--verbose" in sys.argv or "-v" in sys.argv
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    try:
        # without standalone mode click returns an Exit's code instead of exiting
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except (_UsageError, FileNotFoundError, PermissionError) as exc:
        err.print(f"[red]error:[/red] {_safe(str(exc))}")
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("interrupted: committed batches are kept; run the same command again to resume")
        sys.exit(130)
    except Exception as exc:  # one readable line; the trace only when asked for
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Abort):
            sys.exit(130)
        err.print(f"[red]error:[/red] {_safe(f'{type(exc).__name__}: {exc}')}")
        if verbose:
            err.print(_safe(traceback.format_exc()))
        else:
            err.print("(run with --verbose for the trace)")
        sys.exit(2)


if __name__ == "__main__":
    main()
