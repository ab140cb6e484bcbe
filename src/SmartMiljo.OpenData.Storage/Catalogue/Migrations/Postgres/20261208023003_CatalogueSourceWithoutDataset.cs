using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartMiljo.OpenData.Storage.Catalogue.Migrations.Postgres
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
                type: "text",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AlterColumn<Guid>(
                name: "DatasetId",
                table: "harvest_sources",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            // The draft placeholder each catalogue source was given at registration (named after the source, never
            // published, fed by no record) goes; a dataset anything else holds on to stays.
            migrationBuilder.Sql("""
                UPDATE datasets SET "Status" = 'CataloguePlaceholder'
                WHERE "Status" = 'Draft'
                  AND "Id" IN (SELECT "DatasetId" FROM harvest_sources WHERE "Kind" IN ('Dcat', 'Ckan'))
                  AND NOT EXISTS (SELECT 1 FROM dataset_versions v WHERE v."DatasetId" = datasets."Id")
                  AND NOT EXISTS (SELECT 1 FROM harvest_source_items i WHERE i."DatasetId" = datasets."Id");
                """);
            migrationBuilder.Sql("""UPDATE harvest_sources SET "DatasetId" = NULL WHERE "Kind" IN ('Dcat', 'Ckan');""");
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
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);
        }
    }
}
