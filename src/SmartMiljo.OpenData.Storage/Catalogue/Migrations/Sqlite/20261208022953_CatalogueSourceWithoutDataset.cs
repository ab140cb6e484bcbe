using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartMiljo.OpenData.Storage.Catalogue.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CatalogueSourceWithoutDataset : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OtherLanguages",
                table: "datasets",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            // SQLite cannot make a column nullable in place: the table is rebuilt as EF would (foreign keys off while the
            // old table is dropped), written out so the copy can leave catalogue sources without their placeholder and
            // the placeholders can go afterwards (EF runs its own rebuild after every other step of a migration).
            migrationBuilder.Sql("""
                UPDATE datasets SET "Status" = 'CataloguePlaceholder'
                WHERE "Status" = 'Draft'
                  AND "Id" IN (SELECT "DatasetId" FROM harvest_sources WHERE "Kind" IN ('Dcat', 'Ckan'))
                  AND NOT EXISTS (SELECT 1 FROM dataset_versions v WHERE v."DatasetId" = datasets."Id")
                  AND NOT EXISTS (SELECT 1 FROM harvest_source_items i WHERE i."DatasetId" = datasets."Id");
                """);
            migrationBuilder.Sql("""
                CREATE TABLE "ef_temp_harvest_sources" (
                    "Id" TEXT NOT NULL CONSTRAINT "PK_harvest_sources" PRIMARY KEY,
                    "CreatedAt" INTEGER NOT NULL,
                    "DatasetId" TEXT NULL,
                    "Enabled" INTEGER NOT NULL,
                    "Kind" TEXT NOT NULL,
                    "LastContentHash" TEXT NULL,
                    "LastETag" TEXT NULL,
                    "LastModifiedHeader" TEXT NULL,
                    "Location" TEXT NOT NULL,
                    "Name" TEXT NOT NULL,
                    "OrganisationId" TEXT NOT NULL,
                    "Schedule" TEXT NOT NULL,
                    "SettingsJson" TEXT NULL,
                    "SpecificationId" TEXT NULL,
                    "SpecificationVersion" TEXT NULL,
                    CONSTRAINT "FK_harvest_sources_datasets_DatasetId" FOREIGN KEY ("DatasetId") REFERENCES "datasets" ("Id") ON DELETE CASCADE,
                    CONSTRAINT "FK_harvest_sources_organisations_OrganisationId" FOREIGN KEY ("OrganisationId") REFERENCES "organisations" ("Id") ON DELETE CASCADE
                );
                """);
            migrationBuilder.Sql("""
                INSERT INTO "ef_temp_harvest_sources" ("Id", "CreatedAt", "DatasetId", "Enabled", "Kind", "LastContentHash", "LastETag", "LastModifiedHeader", "Location", "Name", "OrganisationId", "Schedule", "SettingsJson", "SpecificationId", "SpecificationVersion")
                SELECT "Id", "CreatedAt", CASE WHEN "Kind" IN ('Dcat', 'Ckan') THEN NULL ELSE "DatasetId" END, "Enabled", "Kind", "LastContentHash", "LastETag", "LastModifiedHeader", "Location", "Name", "OrganisationId", "Schedule", "SettingsJson", "SpecificationId", "SpecificationVersion"
                FROM "harvest_sources";
                """);
            migrationBuilder.Sql("PRAGMA foreign_keys = 0;", suppressTransaction: true);
            migrationBuilder.Sql("""DROP TABLE "harvest_sources";""");
            migrationBuilder.Sql("""ALTER TABLE "ef_temp_harvest_sources" RENAME TO "harvest_sources";""");
            migrationBuilder.Sql("PRAGMA foreign_keys = 1;", suppressTransaction: true);
            migrationBuilder.Sql("""CREATE INDEX "IX_harvest_sources_DatasetId" ON "harvest_sources" ("DatasetId");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_harvest_sources_OrganisationId" ON "harvest_sources" ("OrganisationId");""");
            migrationBuilder.Sql("""
                DELETE FROM datasets WHERE "Status" = 'CataloguePlaceholder'
                  AND NOT EXISTS (SELECT 1 FROM harvest_sources s WHERE s."DatasetId" = datasets."Id");
                """);
            migrationBuilder.Sql("""UPDATE datasets SET "Status" = 'Draft' WHERE "Status" = 'CataloguePlaceholder';""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "OtherLanguages",
                table: "datasets");

            migrationBuilder.AlterColumn<Guid>(
                name: "DatasetId",
                table: "harvest_sources",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);
        }
    }
}
