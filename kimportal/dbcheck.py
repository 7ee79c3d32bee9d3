"""`python -m kimportal.dbcheck`: one clear line when the test database does not answer."""

import os
import sys

import environ
import psycopg


def main():
    url = os.environ.get("DATABASE_URL", "")
    config = environ.Env.db_url_config(url)
    try:
        psycopg.connect(
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            dbname=config.get("NAME"),
            connect_timeout=3,
        ).close()
    except psycopg.OperationalError:
        host = f"{config.get('HOST') or 'localhost'}:{config.get('PORT') or 5432}"
        print(
            f"PostgreSQL does not answer at {host}; start it or set DATABASE_URL.", file=sys.stderr
        )
        sys.exit(2)


if __name__ == "__main__":
    main()
